using System.Globalization;
using System.Text.Json;
using XcAspire.Silo.MeetData;

namespace XcAspire.Silo.Sources.AthleticNet;

/// <summary>GetMeetData's answer, read: the meet's metadata and the <c>jwtMeet</c> token its results calls need.</summary>
public sealed record MeetDataResponse(MeetMetadata Metadata, string? Token);

/// <summary>Reads a GetMeetData body (athletic-net-api.md §4).</summary>
public static class MeetDataReader
{
    public static MeetDataResponse Read(string meetId, string body, string url)
    {
        // XC clients treat an empty body, the literal null, or "meet": null as "no such XC meet".
        if (string.IsNullOrWhiteSpace(body) || body.Trim() == "null")
        {
            throw new MeetNotFoundException(meetId);
        }

        using var document = JsonParsing.Parse(body, url);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new SourceResponseInvalidException(url, $"expected a JSON object, got {root.ValueKind}");
        }

        if (!root.TryGetProperty("meet", out _))
        {
            throw new SourceResponseInvalidException(url, "it has no 'meet'");
        }

        if (JsonFields.Get(root, "meet") is not { ValueKind: JsonValueKind.Object } meet)
        {
            throw new MeetNotFoundException(meetId);
        }

        var name = JsonFields.Text(meet, "Name")?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            throw new SourceResponseInvalidException(url, "the meet has no Name");
        }

        var dateText = JsonFields.Text(meet, "MeetDate", "StartDate");
        if (dateText is null || !DateTime.TryParse(dateText, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dateTime))
        {
            throw new SourceResponseInvalidException(url, $"the meet's date '{dateText}' is not a date");
        }

        var date = DateOnly.FromDateTime(dateTime);
        // XC seasons are calendar years (SeasonID 2025 = fall 2025); anything else falls back to the date's year.
        var season = JsonFields.Int(meet, "SeasonID") is { } id && id >= 1950 && id <= date.Year + 1 ? id : date.Year;

        VenueRecord? venue = null;
        if (JsonFields.Get(meet, "Location") is { ValueKind: JsonValueKind.Object } location
            && JsonFields.Text(location, "Name")?.Trim() is { Length: > 0 } venueName)
        {
            venue = new VenueRecord(venueName, Blank(JsonFields.Text(location, "City")), Blank(JsonFields.Text(location, "State")));
        }

        var warnings = new List<string>();
        var races = new List<RaceRecord>();
        foreach (var division in JsonFields.Array(root, "xcDivisions"))
        {
            if (DivisionReader.Read(division, warnings) is { } race && races.All(r => r.AthleticNetRaceId != race.AthleticNetRaceId))
            {
                races.Add(race);
            }
        }

        var record = new MeetRecord(meetId, name, date, season, venue?.Name, MeetType: null);
        return new MeetDataResponse(new MeetMetadata(record, venue, races, warnings), Blank(JsonFields.Text(root, "jwtMeet")));
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
