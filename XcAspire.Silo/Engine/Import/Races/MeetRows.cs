using Npgsql;
using XcAspire.Silo.MeetData;

namespace XcAspire.Silo.Import.Races;

/// <summary>
/// The meet, venue, course and race rows a race's results hang off. <paramref name="OwnedBy"/> is set
/// when the race id already belongs to another meet ("meet 900001 (Example Valley Invitational)"): then
/// the race row was left as it is, and <paramref name="MeetId"/> is that other meet's.
/// </summary>
internal sealed record RaceKeys(Guid MeetId, Guid RaceId, Guid? CourseId, string? OwnedBy);

/// <summary>
/// Creates or finds the meet, its venue, the race's course and the race, in one round trip. A race id is
/// owned by the meet that stored it first: another meet naming it never moves or renames it.
/// INSERT … ON CONFLICT DO NOTHING then SELECT as separate statements: when another race of the same
/// meet is inserting the same row on another silo, the insert waits for it and the SELECT (a new
/// snapshot) sees it, so two races never create the meet twice and never block each other after.
/// </summary>
internal static class MeetRows
{
    public static async Task<RaceKeys> EnsureAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, MeetSnapshot meet, RaceRecord race, CourseRecord? course, CancellationToken ct)
    {
        var venueName = meet.Venue?.Name ?? meet.Meet.VenueName;
        var statements = new List<string>();
        if (venueName is not null)
        {
            statements.Add("INSERT INTO venues (name, city, state) VALUES (@venue, @city, coalesce(@state, 'CA')) ON CONFLICT DO NOTHING");
        }

        if (course is not null && course.VenueName != venueName)
        {
            statements.Add("INSERT INTO venues (name) VALUES (@course_venue) ON CONFLICT DO NOTHING");
        }

        statements.Add(
            """
            INSERT INTO meets (athletic_net_id, name, meet_date, season_year, venue_id, meet_type)
            VALUES (@meet_an, @meet_name, @meet_date, @season, (SELECT id FROM venues WHERE name = @venue), @meet_type)
            ON CONFLICT DO NOTHING
            """);
        statements.Add(
            """
            UPDATE meets SET name = @meet_name, meet_date = @meet_date, season_year = @season,
                venue_id = coalesce((SELECT id FROM venues WHERE name = @venue), venue_id), meet_type = coalesce(@meet_type, meet_type), updated_at = now()
            WHERE athletic_net_id = @meet_an
              AND (name, meet_date, season_year) IS DISTINCT FROM (@meet_name, @meet_date, @season)
            """);
        if (course is not null)
        {
            statements.Add(
                """
                INSERT INTO courses (name, venue_id, distance_meters, distance_display, difficulty_rating)
                VALUES (@course, (SELECT id FROM venues WHERE name = @course_venue), @course_distance, @course_display, @difficulty)
                ON CONFLICT DO NOTHING
                """);
            // An operator's rating is never overwritten; a folder only fills a rating that is missing.
            statements.Add(
                """
                UPDATE courses SET difficulty_rating = @difficulty, updated_at = now()
                WHERE name = @course AND venue_id = (SELECT id FROM venues WHERE name = @course_venue)
                  AND difficulty_rating IS NULL AND @difficulty::numeric IS NOT NULL
                """);
        }

        const string courseId = "(SELECT c.id FROM courses c JOIN venues v ON v.id = c.venue_id WHERE c.name = @course AND v.name = @course_venue)";
        statements.Add(
            $"""
            INSERT INTO races (meet_id, name, gender, distance_meters, course_id, race_type, athletic_net_race_id, athletic_net_id)
            VALUES ((SELECT id FROM meets WHERE athletic_net_id = @meet_an), @race_name, @gender, @distance, {courseId}, @race_type, @race_an, @race_an)
            ON CONFLICT DO NOTHING
            """);
        statements.Add(
            $"""
            UPDATE races SET name = @race_name, gender = @gender,
                distance_meters = @distance, course_id = {courseId}, race_type = @race_type, updated_at = now()
            WHERE athletic_net_race_id = @race_an AND meet_id = (SELECT id FROM meets WHERE athletic_net_id = @meet_an)
              AND (name, gender, distance_meters, course_id, race_type) IS DISTINCT FROM
                  (@race_name, @gender, @distance, {courseId}, @race_type)
            """);

        (string, object?)[] parameters =
        [
            ("venue", venueName), ("city", meet.Venue?.City), ("state", meet.Venue?.State),
            ("course_venue", course?.VenueName), ("course", course?.Name), ("course_distance", course?.DistanceMeters),
            ("course_display", course?.DistanceDisplay), ("difficulty", course?.DifficultyRating),
            ("meet_an", meet.Meet.AthleticNetMeetId), ("meet_name", meet.Meet.Name), ("meet_date", meet.Meet.Date),
            ("season", meet.Meet.SeasonYear), ("meet_type", meet.Meet.MeetType),
            ("race_an", race.AthleticNetRaceId), ("race_name", race.Title), ("gender", race.Gender), ("distance", race.DistanceMeters),
            ("race_type", race.RaceType),
        ];
        await Sql.BatchAsync(conn, tx, statements, ct, parameters);

        await using var select = Sql.Command(
            conn,
            tx,
            """
            SELECT r.meet_id, r.id, r.course_id, m.athletic_net_id, m.name
            FROM races r JOIN meets m ON m.id = r.meet_id WHERE r.athletic_net_race_id = @race_an
            """,
            ("race_an", race.AthleticNetRaceId));
        await using var reader = await select.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            throw new InvalidOperationException($"race {race.AthleticNetRaceId} was not stored");
        }

        var owner = reader.IsDBNull(3) ? null : reader.GetString(3);
        var ownedBy = owner == meet.Meet.AthleticNetMeetId ? null : $"meet {owner ?? "without an Athletic.net id"} ({reader.GetString(4)})";
        return new RaceKeys(reader.GetGuid(0), reader.GetGuid(1), reader.IsDBNull(2) ? null : reader.GetGuid(2), ownedBy);
    }

    /// <summary>
    /// The race's course: the one it names when the distances agree, else the meet's course of the
    /// race's distance, else a new unrated course "&lt;venue&gt;, &lt;distance&gt;" — never the folder's first
    /// course (the Lagoon Valley mis-assignment, domain.md §5.4 #8). NULL when the meet has no venue.
    /// </summary>
    public static CourseRecord? CourseFor(MeetSnapshot meet, RaceRecord race, List<string> warnings)
    {
        var named = race.CourseName is null ? null : meet.Courses.FirstOrDefault(c => c.Name == race.CourseName);
        if (named is not null && named.DistanceMeters == race.DistanceMeters)
        {
            return named;
        }

        var sameDistance = meet.Courses.Where(c => c.DistanceMeters == race.DistanceMeters).OrderBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault();
        if (named is not null || race.CourseName is not null)
        {
            warnings.Add(
                $"race {race.AthleticNetRaceId}: course '{race.CourseName}' " +
                (named is null ? "is not in the meet's courses" : $"is {named.DistanceMeters} m but the race is {race.DistanceMeters} m") +
                $"; using {(sameDistance is null ? "a course of the race's distance" : $"'{sameDistance.Name}'")}");
        }

        if (sameDistance is not null)
        {
            return sameDistance;
        }

        var venue = meet.Venue?.Name ?? meet.Meet.VenueName;
        if (venue is null)
        {
            return null;
        }

        var display = DistanceDisplay(race.DistanceMeters);
        return new CourseRecord($"{venue}, {display}", venue, race.DistanceMeters, display, null);
    }

    private static string DistanceDisplay(int metres)
    {
        var miles = metres / 1609.344m;
        var roundedMiles = Math.Round(miles, 2);
        return Math.Abs(miles - roundedMiles) < 0.006m && metres % 100 != 0
            ? $"{roundedMiles.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)} Miles"
            : $"{metres.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} Meters";
    }
}
