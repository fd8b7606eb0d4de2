using System.Globalization;
using XcAspire.Silo.MeetData;

namespace XcAspire.Silo.Sources.Sample;

/// <summary>A school as GetTeamCore names it.</summary>
public sealed record SampleTeam(string TeamId, string Name);

/// <summary>A row of a school's calendar (GetCalendar): a meet, its day, and whether its results are posted.</summary>
public sealed record SampleCalendarMeet(string MeetId, string Name, DateOnly Date, bool HasResults);

public sealed record SampleTeamSeason(SampleTeam Team, int Year, IReadOnlyList<SampleCalendarMeet> Meets);

/// <summary>
/// School seasons for the sample source: small meets drawn from the sample runners (whose schools are
/// <see cref="Schools"/>), a meet whose results are not posted, and one still to come.
/// </summary>
public static class SampleSeasons
{
    private static readonly string[] MeetNames =
    [
        "Season Opener", "Hillside Relays", "Canyon Classic", "Harbor Invitational", "Orchard Dual", "Ridge Run",
        "Valley League #1", "Valley League #2", "Fog City Invitational", "Pinecrest Challenge", "Lakeshore Open", "County Championships",
    ];

    /// <summary>The schools of the sample runners, by the team ids their results carry.</summary>
    public static IReadOnlyList<SampleTeam> Schools { get; } = SampleRunners.Schools.Select(s => new SampleTeam(s.Team, s.Name)).ToList();

    public static SampleTeam School(string teamId) => Schools.Single(s => s.TeamId == teamId);

    /// <summary>
    /// <paramref name="count"/> small meets of the season (two to four races of eight to twelve runners), a
    /// week apart from the first Saturday of September, with ids from <paramref name="firstMeetId"/> on.
    /// </summary>
    public static IReadOnlyList<MeetSnapshot> SmallMeets(long firstMeetId, int count, int year)
    {
        var opener = new DateOnly(year, 9, 1);
        while (opener.DayOfWeek != DayOfWeek.Saturday)
        {
            opener = opener.AddDays(1);
        }

        return Enumerable.Range(0, count).Select(i => SampleMeets.Build(
            (firstMeetId + i).ToString(CultureInfo.InvariantCulture),
            $"{year} {MeetNames[i % MeetNames.Length]}",
            opener.AddDays(7 * i),
            races: 2 + (i % 3),
            runnersPerRace: 8 + (2 * (i % 3)))).ToList();
    }

    /// <summary>A meet that took place, whose results are not posted: GetMeetData lists no race.</summary>
    public static MeetSnapshot NotPosted(string meetId, string name, DateOnly date) =>
        SampleMeets.Build(meetId, name, date, races: 0, runnersPerRace: 0);

    /// <summary>A meet of the season four weeks after <paramref name="today"/>, so it is still to come whenever the source runs.</summary>
    public static MeetSnapshot Upcoming(string meetId, string name, int year, DateOnly today)
    {
        var meet = SampleMeets.Build(meetId, name, today.AddDays(28), races: 0, runnersPerRace: 0);
        return meet with { Meet = meet.Meet with { SeasonYear = year } };
    }

    /// <summary>The school's calendar: the meets in date order, with results posted where the meet has rows.</summary>
    public static SampleTeamSeason Calendar(SampleTeam team, int year, IEnumerable<MeetSnapshot> meets) =>
        new(team, year, meets
            .OrderBy(m => m.Meet.Date)
            .ThenBy(m => m.Meet.AthleticNetMeetId, StringComparer.Ordinal)
            .Select(m => new SampleCalendarMeet(m.Meet.AthleticNetMeetId, m.Meet.Name, m.Meet.Date, HasResults: m.Results.Count > 0))
            .ToList());
}
