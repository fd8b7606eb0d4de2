using XcAspire.Silo.MeetData;

namespace XcAspire.Silo.Sources.Sample;

/// <summary>The meets a sample source serves, by Athletic.net meet id, and its schools' season calendars.</summary>
public interface ISampleMeetCatalog
{
    IReadOnlyCollection<string> MeetIds { get; }

    MeetSnapshot? Find(string meetId);

    /// <summary>A school the source knows (GetTeamCore answers for it), or null.</summary>
    SampleTeam? FindTeam(string teamId);

    /// <summary>The school's calendar for the season; empty when it ran no meet that year.</summary>
    IReadOnlyList<SampleCalendarMeet> Calendar(string teamId, int seasonYear);
}

public sealed class InMemorySampleMeetCatalog : ISampleMeetCatalog
{
    private readonly Dictionary<string, MeetSnapshot> _meets;
    private readonly Dictionary<(string TeamId, int Year), SampleTeamSeason> _seasons;
    private readonly Dictionary<string, SampleTeam> _teams;

    /// <param name="seasons">
    /// Calendars given as they are (with meets not yet posted or still to come); a school without one has
    /// a calendar made of the catalog's meets its runners ran that season.
    /// </param>
    public InMemorySampleMeetCatalog(IEnumerable<MeetSnapshot> meets, IEnumerable<SampleTeamSeason>? seasons = null)
    {
        _meets = meets.ToDictionary(m => m.Meet.AthleticNetMeetId, StringComparer.Ordinal);
        _seasons = (seasons ?? []).ToDictionary(s => (s.Team.TeamId, s.Year));
        _teams = new Dictionary<string, SampleTeam>(StringComparer.Ordinal);
        foreach (var season in _seasons.Values)
        {
            _teams.TryAdd(season.Team.TeamId, season.Team);
        }

        foreach (var result in _meets.Values.SelectMany(m => m.Results).Where(r => r.AthleticNetTeamId is not null))
        {
            _teams.TryAdd(result.AthleticNetTeamId!, new SampleTeam(result.AthleticNetTeamId!, result.SchoolName));
        }
    }

    public IReadOnlyCollection<string> MeetIds => _meets.Keys;

    public MeetSnapshot? Find(string meetId) => _meets.GetValueOrDefault(meetId);

    public SampleTeam? FindTeam(string teamId) => _teams.GetValueOrDefault(teamId);

    public IReadOnlyList<SampleCalendarMeet> Calendar(string teamId, int seasonYear) =>
        _seasons.TryGetValue((teamId, seasonYear), out var season)
            ? season.Meets
            : _meets.Values
                .Where(m => m.Meet.SeasonYear == seasonYear && m.Results.Any(r => r.AthleticNetTeamId == teamId))
                .OrderBy(m => m.Meet.Date)
                .Select(m => new SampleCalendarMeet(m.Meet.AthleticNetMeetId, m.Meet.Name, m.Meet.Date, HasResults: true))
                .ToList();
}
