using System.Globalization;
using System.Text;
using Npgsql;
using XcAspire.Silo.MeetData;

namespace XcAspire.Silo.Import.Races;

/// <summary>
/// The widths of the site's character varying columns a race writes into. XcAspire's own schema
/// has none (its columns are text); an adopted site database keeps its own (its review tables hold
/// names in character varying(255)). A value wider than its column rejects its row, or, for a
/// value the whole race shares (its title, the meet's name), every row of the race, with the
/// reason: never an insert that fails the race. Read once per race: a site migration may change
/// a width at any time. Adoption accepts such columns by the same list (XcWrites.SourceText).
/// </summary>
public sealed class SiteWidths
{
    // A staged row's values (xc_stage columns), what they are, and every column a race writes them into.
    private static readonly (string Field, string What, string[] Columns)[] RowValues =
    [
        ("athlete_name", "the athlete's name", [
            "athletes.name", "potential_duplicate_athletes.name_1", "potential_duplicate_athletes.name_2", "course_records.athlete_name",
            "school_hall_of_fame.athlete_name", "school_course_records.athlete_name"]),
        ("first_name", "the athlete's first name", ["athletes.first_name"]),
        ("last_name", "the athlete's last name", ["athletes.last_name"]),
        ("norm_name", "the athlete's folded name", ["athletes.normalized_name"]),
        ("slug_base", "the athlete's slug", ["athletes.slug"]),
        ("an_athlete_id", "the athlete's Athletic.net id", ["athletes.athletic_net_id"]),
        ("school_name", "the school's name", ["schools.name", "course_records.school_name"]),
        ("school_norm", "the school's folded name", ["schools.normalized_name"]),
        ("team_id", "the school's team id", ["schools.athletic_net_id"]),
        ("school_key", "the school's key", ["schools.source_key"]),
        ("source_result_id", "the result id", ["results.source_result_id", "non_finishers.source_result_id"]),
    ];

    // A new athlete's slug may take the name's next free number: "-2" up to "-999999999".
    private const int SlugNumber = 10;

    private readonly IReadOnlyDictionary<string, int> widths;

    private SiteWidths(IReadOnlyDictionary<string, int> widths) => this.widths = widths;

    /// <summary>"table.column" of every text column a race writes a source's values into.</summary>
    public static IReadOnlySet<string> Columns { get; } =
        RowValues.SelectMany(v => v.Columns).Concat(RaceValues(null, null, null).SelectMany(v => v.Columns)).ToHashSet(StringComparer.Ordinal);

    public static async Task<SiteWidths> ReadAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        var widths = new Dictionary<string, int>(StringComparer.Ordinal);
        await using var command = Sql.Command(
            conn,
            tx,
            """
            SELECT c.relname || '.' || a.attname, a.atttypmod - 4
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
            WHERE c.relnamespace = current_schema()::regnamespace AND a.atttypid = 'character varying'::regtype AND a.atttypmod > 4
              AND a.attnum > 0 AND NOT a.attisdropped AND c.relname || '.' || a.attname = ANY(@columns)
            """,
            ("columns", Columns.ToArray()));
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            widths[reader.GetString(0)] = reader.GetInt32(1);
        }

        return new SiteWidths(widths);
    }

    /// <summary>Why none of the race's rows can be stored (a value of the race's own too wide), or NULL.</summary>
    public string? RejectRace(MeetSnapshot meet, RaceRecord race, CourseRecord? course)
    {
        foreach (var (value, what, columns) in RaceValues(meet, race, course))
        {
            var length = value?.EnumerateRunes().Count() ?? 0;
            if (Narrowest(columns) is { } narrowest && length > narrowest.Width)
            {
                return $"{what} is {length} characters; the site's {narrowest.Column} holds at most {narrowest.Width}, so no row of race {race.AthleticNetRaceId} can be stored";
            }
        }

        return null;
    }

    /// <summary>Rejects the staged rows with a value wider than a column it goes into; nothing to do on XcAspire's own schema.</summary>
    public Task RejectRowsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        var reasons = new StringBuilder();
        var over = new List<string>();
        foreach (var (field, what, columns) in RowValues)
        {
            if (Narrowest(columns) is not { } narrowest)
            {
                continue;
            }

            var (column, width) = narrowest;
            var spare = field == "slug_base" ? SlugNumber : 0;
            var room = spare > 0 ? $", with room for a number after it ({spare} characters)" : string.Empty;
            var limit = string.Create(CultureInfo.InvariantCulture, $"length({field}) > {width - spare}");
            var after = string.Create(CultureInfo.InvariantCulture, $" characters; the site's {column} holds at most {width}{room}");
            reasons.Append(CultureInfo.InvariantCulture, $" WHEN {limit} THEN {Literal(what + " is ")} || length({field}) || {Literal(after)}");
            over.Add(limit);
        }

        return over.Count == 0
            ? Task.CompletedTask
            : Sql.ExecAsync(conn, tx, $"UPDATE xc_stage SET reject_reason = CASE{reasons} END WHERE reject_reason IS NULL AND ({string.Join(" OR ", over)})", ct);
    }

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>The narrowest of the columns that has a width, or NULL when none has.</summary>
    private (string Column, int Width)? Narrowest(string[] columns) =>
        columns.Where(widths.ContainsKey).Select(c => (Column: c, Width: widths[c])).OrderBy(c => c.Width).Cast<(string, int)?>().FirstOrDefault();

    private static IEnumerable<(string? Value, string What, string[] Columns)> RaceValues(MeetSnapshot? meet, RaceRecord? race, CourseRecord? course) =>
    [
        (meet?.Meet.Name, "the meet's name", ["meets.name", "course_records.meet_name", "school_hall_of_fame.meet_name", "school_course_records.meet_name"]),
        (meet?.Meet.AthleticNetMeetId, "the meet's id", ["meets.athletic_net_id"]),
        (meet?.Venue?.Name ?? meet?.Meet.VenueName, "the venue's name", ["venues.name"]),
        (meet?.Venue?.City, "the venue's city", ["venues.city"]),
        (meet?.Venue?.State, "the venue's state", ["venues.state"]),
        (course?.Name, "the course's name", ["courses.name", "school_hall_of_fame.course_name"]),
        (course?.VenueName, "the course's venue", ["venues.name"]),
        (course?.DistanceDisplay, "the course's distance", ["courses.distance_display"]),
        (race?.Title, "the race's title", ["races.name"]),
        (race?.AthleticNetRaceId, "the race's id", ["races.athletic_net_race_id", "races.athletic_net_id"]),
    ];
}
