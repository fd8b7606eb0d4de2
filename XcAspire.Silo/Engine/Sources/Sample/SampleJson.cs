using System.Globalization;
using System.Text.Json;
using XcAspire.Silo.MeetData;
using XcAspire.Silo.Sources.Parsing;

namespace XcAspire.Silo.Sources.Sample;

/// <summary>
/// A <see cref="MeetSnapshot"/> written in Athletic.net's JSON shapes (athletic-net-api.md §4, §5, §9),
/// field names and types as the API gives them.
/// </summary>
public static class SampleJson
{
    private static readonly JsonSerializerOptions AsGiven = new() { PropertyNamingPolicy = null };

    public static string Token(string meetId) => $"eyJhbGciOiJIUzI1NiJ9.sample-{meetId}.signature";

    /// <summary>The meet id a sample token was issued for, or null.</summary>
    public static string? MeetIdFromToken(string? token)
    {
        var parts = token?.Split('.');
        return parts is { Length: 3 } && parts[1].StartsWith("sample-", StringComparison.Ordinal) ? parts[1]["sample-".Length..] : null;
    }

    /// <summary>A team's jwtTeamHome for one season: the sample source reads the team and year back from it.</summary>
    public static string TeamToken(string teamId, int seasonYear) =>
        string.Create(CultureInfo.InvariantCulture, $"eyJhbGciOiJIUzI1NiJ9.sample-team-{teamId}-{seasonYear}.signature");

    /// <summary>The team and season a sample jwtTeamHome was issued for, or null.</summary>
    public static (string TeamId, int SeasonYear)? TeamFromToken(string? token)
    {
        var parts = token?.Split('.');
        var claim = parts is { Length: 3 } && parts[1].StartsWith("sample-team-", StringComparison.Ordinal) ? parts[1]["sample-team-".Length..].Split('-') : null;
        return claim is [var team, var year] && int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var season) ? (team, season) : null;
    }

    /// <summary>GetTeamCore's answer: the team, its seasons, and the token GetCalendar needs (shape: athletic-net-api.md §1).</summary>
    public static string TeamCore(SampleTeam team, int seasonYear) => JsonSerializer.Serialize(
        new Dictionary<string, object?>
        {
            ["team"] = new Dictionary<string, object?>
            {
                ["IDSchool"] = long.Parse(team.TeamId, CultureInfo.InvariantCulture),
                ["Name"] = team.Name,
                ["City"] = "Springfield",
                ["State"] = "OR",
            },
            ["isTeamCoach"] = false,
            ["seasonInfo"] = new Dictionary<string, object?> { ["year"] = seasonYear, ["seasonId"] = seasonYear },
            ["jwtTeamHome"] = TeamToken(team.TeamId, seasonYear),
        },
        AsGiven);

    /// <summary>GetCalendar's answer: an array of the season's meets (MeetID, Name, StartDate, MeetHasResults).</summary>
    public static string Calendar(IReadOnlyList<SampleCalendarMeet> meets) => JsonSerializer.Serialize(
        meets.Select(m =>
        {
            var date = m.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00";
            return new Dictionary<string, object?>
            {
                ["MeetID"] = long.Parse(m.MeetId, CultureInfo.InvariantCulture),
                ["Name"] = m.Name,
                ["StartDate"] = date,
                ["EndDate"] = date,
                ["MeetHasResults"] = m.HasResults,
            };
        }).ToList(),
        AsGiven);

    public static string MeetData(MeetSnapshot meet)
    {
        var date = meet.Meet.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00";
        object? location = meet.Venue is null ? null : new Dictionary<string, object?>
        {
            ["ID"] = 55000 + Math.Abs(StableHash(meet.Venue.Name) % 1000),
            ["Name"] = meet.Venue.Name,
            ["Address"] = "",
            ["City"] = meet.Venue.City,
            ["State"] = meet.Venue.State,
            ["PostalCode"] = "",
            ["Country"] = "US",
        };
        var payload = new Dictionary<string, object?>
        {
            ["sport"] = "xc",
            ["jwtMeet"] = Token(meet.Meet.AthleticNetMeetId),
            ["meet"] = new Dictionary<string, object?>
            {
                ["ID"] = long.Parse(meet.Meet.AthleticNetMeetId, CultureInfo.InvariantCulture),
                ["Name"] = meet.Meet.Name,
                ["SeasonID"] = meet.Meet.SeasonYear,
                ["LevelMask"] = 4,
                ["MeetDate"] = date,
                ["StartDate"] = date,
                ["EndDate"] = date,
                ["HasResults"] = meet.Results.Count > 0 ? 1 : 0,
                ["Location"] = location,
            },
            ["xcDivisions"] = meet.Races.Select(Division).ToList(),
            ["tfDivisions"] = Array.Empty<object>(),
            ["teamScores"] = Array.Empty<object>(),
        };
        return JsonSerializer.Serialize(payload, AsGiven);
    }

    public static string AllResults(MeetSnapshot meet, SampleShape shape)
    {
        var races = meet.Races.Where(r => !shape.RacesMissingFromWholeMeet.Contains(r.AthleticNetRaceId)).ToList();
        var rows = meet.Results.ToLookup(r => r.AthleticNetRaceId);
        object payload = shape.LegacyFlatResults
            ? new Dictionary<string, object?>
            {
                ["results"] = races.SelectMany(race => rows[race.AthleticNetRaceId].Select((r, i) => Row(race, r, i, legacyRaceId: true))).ToList(),
                ["teamScores"] = Array.Empty<object>(),
            }
            : new Dictionary<string, object?>
            {
                ["flatEvents"] = races.Select(race =>
                {
                    var division = Division(race);
                    division["results"] = rows[race.AthleticNetRaceId].Select((r, i) => Row(race, r, i, legacyRaceId: false)).ToList();
                    return division;
                }).ToList(),
                ["teamScores"] = Array.Empty<object>(),
                ["teams"] = Teams(meet),
            };
        return JsonSerializer.Serialize(payload, AsGiven);
    }

    public static string RaceResults(MeetSnapshot meet, RaceRecord race, SampleShape shape)
    {
        var rows = meet.Results.Where(r => r.AthleticNetRaceId == race.AthleticNetRaceId)
            .Select((r, i) => Row(race, r, i, legacyRaceId: false)).ToList();
        // A list of lists, as some meets answer: split in two "heats".
        object results = shape.NestedResultsXc ? rows.Chunk(Math.Max(1, (rows.Count + 1) / 2)).ToList() : rows;
        return JsonSerializer.Serialize(
            new Dictionary<string, object?> { ["resultsXC"] = results, ["teams"] = Teams(meet), ["teamScores"] = Array.Empty<object>() },
            AsGiven);
    }

    /// <summary>
    /// The IDResult of a race's row that has none of its own: derived from the race id, so no two races
    /// (of one meet or of two) ever share one, as on Athletic.net.
    /// </summary>
    public static long ResultId(string raceId, int index) => (long.Parse(raceId, CultureInfo.InvariantCulture) * 10_000) + index + 1;

    public static string DivisionName(RaceRecord race)
    {
        var words = race.Title.Split(' ', 2);
        return words.Length == 2 && GenderParser.FromTitle(words[0]) is not null ? words[1] : race.Title;
    }

    public static string DivisionLevel(string raceType) => raceType switch
    {
        "varsity" => "Varsity",
        "jv" => "JV",
        "frosh_soph" => "Frosh/Soph",
        "freshman" => "Freshman",
        "sophomore" => "Sophomore",
        "reserves" => "Reserves",
        "open" => "Open",
        "novice" => "Novice",
        "non_varsity" => "Non Varsity",
        _ => "",
    };

    public static (string First, string Last) SplitName(ResultRecord row)
    {
        // The API's FirstName + " " + LastName must give back the name exactly as the meet has it.
        if (NameText.FullName(row.FirstName, row.LastName) == row.AthleteName)
        {
            return (row.FirstName ?? "", row.LastName ?? "");
        }

        var parts = row.AthleteName.Split(' ', 2);
        return parts.Length == 2 ? (parts[0], parts[1]) : (row.AthleteName, "");
    }

    public static string ResultText(ResultRecord row) =>
        row.Status == FinishStatus.Finished && row.TimeCs is { } cs ? TimeParser.Format(cs) : row.Status.ToString();

    private static Dictionary<string, object?> Division(RaceRecord race) => new()
    {
        ["IDMeetDiv"] = long.Parse(race.AthleticNetRaceId, CultureInfo.InvariantCulture),
        ["DivName"] = DivisionName(race),
        ["Gender"] = race.Gender,
        ["Division"] = DivisionLevel(race.RaceType),
        ["PlaceDepth"] = 7,
        ["ScoreDepth"] = 5,
        ["RaceTime"] = null,
        ["Meters"] = race.DistanceMeters,
        ["LevelMask"] = 4,
        ["CourseId"] = 0,
    };

    private static Dictionary<string, object?> Row(RaceRecord race, ResultRecord row, int index, bool legacyRaceId)
    {
        var (first, last) = SplitName(row);
        var fields = new Dictionary<string, object?>
        {
            ["IDResult"] = Numeric(row.SourceResultId) is { } id ? id : ResultId(race.AthleticNetRaceId, index),
            ["AthleteID"] = Numeric(row.AthleticNetAthleteId) ?? 0L,
            ["FirstName"] = first,
            ["LastName"] = last,
            ["Grade"] = row.Grade?.ToString(CultureInfo.InvariantCulture) ?? "-",
            ["AgeGrade"] = row.Grade?.ToString(CultureInfo.InvariantCulture) ?? "-",
            ["Gender"] = race.Gender,
            ["TeamID"] = Numeric(row.AthleticNetTeamId) ?? 0L,
            ["SchoolName"] = row.SchoolName,
            ["Result"] = ResultText(row),
            ["SortValue"] = row.TimeCs is { } cs && row.Status == FinishStatus.Finished ? cs / 100.0 : 999999,
            ["Place"] = row.Place ?? 0,
            ["pr"] = 0,
            ["sr"] = 0,
            ["Exhibition"] = false,
        };
        if (legacyRaceId)
        {
            fields["RaceDivisionID"] = long.Parse(race.AthleticNetRaceId, CultureInfo.InvariantCulture);
        }

        return fields;
    }

    private static List<Dictionary<string, object?>> Teams(MeetSnapshot meet) =>
        meet.Schools.Where(s => Numeric(s.AthleticNetTeamId) is not null).Select(s => new Dictionary<string, object?>
        {
            ["IDSchool"] = Numeric(s.AthleticNetTeamId),
            ["SchoolName"] = s.Name,
        }).ToList();

    // Generated ids may be synthetic keys; the API only ever has numbers (0 = none).
    private static long? Numeric(string? id) =>
        long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : null;

    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in text)
        {
            hash = unchecked(hash * 31 + c);
        }

        return hash;
    }
}
