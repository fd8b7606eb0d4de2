using System.Globalization;
using XcAspire.Silo.MeetData;
using XcAspire.Silo.Sources.Sample;

namespace XcAspire.Api.Tests;

/// <summary>
/// The import flow's school seasons: one for the API's season test and one for the browser's, each of
/// small meets with one not posted and one still to come, and a calendar longer than a season may be.
/// </summary>
public sealed record SeasonCatalog(IReadOnlyList<MeetSnapshot> Meets, IReadOnlyList<SampleTeamSeason> Calendars)
{
    public const int Year = 2024;

    /// <summary>School 7003: seven meets with results (930001–930007), 930008 not posted, 930009 to come.</summary>
    public const string ApiSchool = "7003";

    /// <summary>School 7004: six meets with results (940001–940006), 940007 not posted, 940008 to come.</summary>
    public const string BrowserSchool = "7004";

    /// <summary>A team whose calendar lists more meets than a season import takes.</summary>
    public const string AssociationTeam = "7999";

    public SampleTeamSeason Calendar(string school) => Calendars.Single(c => c.Team.TeamId == school);

    public MeetSnapshot Meet(string meetId) => Meets.Single(m => m.Meet.AthleticNetMeetId == meetId);

    public static SeasonCatalog Build()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var api = Season(ApiSchool, 930_001, 7, today);
        var browser = Season(BrowserSchool, 940_001, 6, today);
        var association = new SampleTeamSeason(
            new SampleTeam(AssociationTeam, "Example Athletic Association"),
            Year,
            Enumerable.Range(0, 150).Select(i => new SampleCalendarMeet(
                (950_000 + i).ToString(CultureInfo.InvariantCulture), $"Association meet {i}", new DateOnly(Year, 9, 1).AddDays(i % 90), HasResults: true)).ToList());
        return new SeasonCatalog(api.Meets.Concat(browser.Meets).ToList(), [api.Calendar, browser.Calendar, association]);
    }

    private static (IReadOnlyList<MeetSnapshot> Meets, SampleTeamSeason Calendar) Season(string school, long firstMeetId, int withResults, DateOnly today)
    {
        var next = firstMeetId + withResults;
        var meets = new List<MeetSnapshot>(SampleSeasons.SmallMeets(firstMeetId, withResults, Year))
        {
            SampleSeasons.NotPosted(next.ToString(CultureInfo.InvariantCulture), "League Dual (results not posted)", new DateOnly(Year, 10, 16)),
            SampleSeasons.Upcoming((next + 1).ToString(CultureInfo.InvariantCulture), "State Championships", Year, today),
        };
        return (meets, SampleSeasons.Calendar(SampleSeasons.School(school), Year, meets));
    }
}
