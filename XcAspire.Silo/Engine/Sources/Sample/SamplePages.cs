using System.Globalization;
using System.Net;
using System.Text;
using XcAspire.Silo.MeetData;
using XcAspire.Silo.Sources.AthleticNet;

namespace XcAspire.Silo.Sources.Sample;

/// <summary>
/// Result pages as a browser renders them and "Save page as" keeps them, in the layout the old scraper
/// read: race links <c>a[href*="/results/"]</c> and rows <c>div[class*="result-row"]</c> holding place,
/// initials, name, school, time and "Yr: N".
/// </summary>
public static class SamplePages
{
    public const string SiteUrl = "https://www.athletic.net";

    public static string RacePage(MeetSnapshot meet, RaceRecord race)
    {
        var url = SiteUrl + AthleticNetPaths.ResultsPage(meet.Meet.AthleticNetMeetId, race.AthleticNetRaceId);
        var html = new StringBuilder();
        // Browsers write this comment when saving a page; the reader takes the race id from it.
        html.Append(CultureInfo.InvariantCulture, $"<!DOCTYPE html>\n<!-- saved from url=({url.Length:0000}){url} -->\n");
        html.Append(CultureInfo.InvariantCulture, $"<html><head><meta charset=\"utf-8\"><title>{E(meet.Meet.Name)} - Results</title>");
        html.Append(CultureInfo.InvariantCulture, $"<link rel=\"canonical\" href=\"{E(url)}\"></head><body>\n");
        AppendHeader(html, meet);
        html.Append(CultureInfo.InvariantCulture, $"<h2 class=\"race-title\">{E(race.Title)}</h2>\n<div class=\"results\">\n");
        foreach (var row in meet.Results.Where(r => r.AthleticNetRaceId == race.AthleticNetRaceId))
        {
            AppendRow(html, row);
        }

        html.Append("</div></body></html>\n");
        return html.ToString();
    }

    public static string MeetPage(MeetSnapshot meet)
    {
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{E(meet.Meet.Name)} - Results</title></head><body>\n");
        AppendHeader(html, meet);
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static void AppendHeader(StringBuilder html, MeetSnapshot meet)
    {
        html.Append(CultureInfo.InvariantCulture, $"<h1>{E(meet.Meet.Name)}</h1>\n");
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"meet-date\">{meet.Meet.Date.ToString("ddd, MMM d, yyyy", CultureInfo.InvariantCulture)}</div>\n");
        if (meet.Venue is { } venue)
        {
            var place = string.Join(", ", new[] { venue.Name, venue.City, venue.State }.Where(p => !string.IsNullOrEmpty(p)));
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"venue\">{E(place)}</div>\n");
        }

        html.Append("<nav class=\"races\">\n");
        foreach (var race in meet.Races)
        {
            var href = AthleticNetPaths.ResultsPage(meet.Meet.AthleticNetMeetId, race.AthleticNetRaceId);
            html.Append(CultureInfo.InvariantCulture, $"<a href=\"{E(href)}\">{E(race.Title)}</a>\n");
        }

        html.Append("</nav>\n");
    }

    private static void AppendRow(StringBuilder html, ResultRecord row)
    {
        var initials = string.Concat(row.AthleteName.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => char.ToUpperInvariant(w[0])).Take(3));
        var info = new List<string>();
        if (row.Grade is { } grade)
        {
            info.Add($"Yr: {grade}");
        }

        html.Append("<div class=\"result-row d-flex\">");
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"place\">{(row.Place is { } place ? place.ToString(CultureInfo.InvariantCulture) : "-")}</div>");
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"avatar\">{E(initials)}</div>");
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"name\"><a href=\"#\">{E(row.AthleteName)}</a></div>");
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"school\"><a href=\"#\">{E(row.SchoolName)}</a></div>");
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"time\">{E(SampleJson.ResultText(row))}</div>");
        if (info.Count > 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"info\">{E(string.Join(" • ", info))}</div>");
        }

        html.Append("</div>\n");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
