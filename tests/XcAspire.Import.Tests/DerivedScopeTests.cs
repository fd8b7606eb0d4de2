using Npgsql;
using XcAspire.Silo.Import;
using XcAspire.Silo.Import.Derived;
using XcAspire.Silo.MeetData;
using XcAspire.Testing;
using static XcAspire.Import.Tests.TestMeets;

namespace XcAspire.Import.Tests;

/// <summary>
/// An import rebuilds only the derived rows its changes can reach (school records per school and
/// course). These cases change rows outside the imported races' own courses; after each import the
/// derived tables must equal what a rebuild of every race gives.
/// </summary>
public sealed class DerivedScopeTests
{
    private const string SchoolCourseRecords =
        """
        SELECT coalesce(string_agg(concat_ws(' ', s.name, c.name, x.gender, x.grade, a.name, x.time_cs, x.meet_name), E'\n'
               ORDER BY s.name, c.name, x.gender, x.grade), '')
        FROM school_course_records x JOIN schools s ON s.id = x.school_id JOIN courses c ON c.id = x.course_id JOIN athletes a ON a.id = x.athlete_id
        """;

    private const string BestTimes =
        """
        SELECT coalesce(string_agg(concat_ws(' ', a.name, b.season_year, b.season_best_time_cs, b.alltime_best_time_cs), E'\n' ORDER BY a.name, b.season_year), '')
        FROM athlete_best_times b JOIN athletes a ON a.id = b.athlete_id
        """;

    private const string HallOfFame =
        """
        SELECT coalesce(string_agg(concat_ws(' ', s.name, h.gender, h.rank, h.athlete_name, h.time_cs, h.normalized_time_cs, h.course_name), E'\n'
               ORDER BY s.name, h.gender, h.rank), '')
        FROM school_hall_of_fame h JOIN schools s ON s.id = h.school_id
        """;

    private const string Flags =
        "SELECT coalesce(string_agg(concat_ws(' ', time_cs, is_sb, is_pr), E'\\n' ORDER BY time_cs), '') FROM results";

    private static Task<MeetImportResult> ImportAsync(TestDatabase db, MeetSnapshot meet) =>
        new MeetImporter(db.DataSource).ImportAsync(meet, null, dryRun: false, CancellationToken.None);

    [Fact]
    public async Task A_grad_year_filled_by_a_later_meet_grades_the_athletes_earlier_course()
    {
        await using var db = await TestPostgres.CreateMigratedAsync();
        await ImportAsync(db, Meet("261001", [Race("61001", metres: 5000)], [Row("61001", "Runner Ungraded", "Crystal High", 100000, grade: null)]));
        Assert.Equal("", await db.ScalarAsync<string>(SchoolCourseRecords));

        // The second meet is on another course; its grade fills the athlete's grad year, which grades the first result too.
        await ImportAsync(db, Meet("261002", [Race("61002", metres: 4000)], [Row("61002", "Runner Ungraded", "Crystal High", 80000, grade: 11)]));

        var records = await db.ScalarAsync<string>(SchoolCourseRecords);
        Assert.Contains("Crystal High Test Park, 5000 m M 11 Runner Ungraded 100000", records);
        await AssertAsFullRebuildAsync(db);
    }

    [Fact]
    public async Task A_race_moved_to_another_course_leaves_no_record_on_the_old_one()
    {
        await using var db = await TestPostgres.CreateMigratedAsync();
        await ImportAsync(db, Meet("261003", [Race("61003", metres: 5000)], [Row("61003", "Runner Moved", "Crystal High", 100000)]));
        Assert.Contains("Test Park, 5000 m", await db.ScalarAsync<string>(SchoolCourseRecords));

        // The source corrects the race's distance: the same result now belongs to the 3000 m course.
        await ImportAsync(db, Meet("261003", [Race("61003", metres: 3000)], [Row("61003", "Runner Moved", "Crystal High", 100000)]));

        var records = await db.ScalarAsync<string>(SchoolCourseRecords);
        Assert.DoesNotContain("Test Park, 5000 m", records);
        Assert.Contains("Crystal High Test Park, 3000 m M 11 Runner Moved 100000", records);
        await AssertAsFullRebuildAsync(db);
    }

    [Fact]
    public async Task Meets_on_several_courses_keep_every_derived_table_as_a_full_rebuild_gives()
    {
        await using var db = await TestPostgres.CreateMigratedAsync();
        await ImportAsync(db, Meet("261004", [Race("61004", metres: 5000), Race("61005", "F", 4000)],
        [
            Row("61004", "Runner One", "Crystal High", 100000, grade: 9), Row("61004", "Runner Two", "Other High", 99000, grade: 12),
            Row("61005", "Runner Three", "Crystal High", 110000, grade: 10),
        ]));
        await AssertAsFullRebuildAsync(db);

        // A faster time on a course the school already holds records on, and a first visit to a new one.
        await ImportAsync(db, Meet("261005", [Race("61006", metres: 5000), Race("61007", metres: 6000)],
        [
            Row("61006", "Runner One", "Crystal High", 98000, grade: 9), Row("61007", "Runner Two", "Other High", 130000, grade: 12),
        ]));

        Assert.Contains("Crystal High Test Park, 5000 m M 9 Runner One 98000", await db.ScalarAsync<string>(SchoolCourseRecords));
        // The hall of fame ranks each athlete once, by their best normalised time on any course.
        Assert.Equal(2, await CountAsync(db.DataSource, "SELECT count(*) FROM school_hall_of_fame h JOIN schools s ON s.id = h.school_id WHERE s.name = 'Crystal High'"));
        Assert.Contains("Other High M 1 Runner Two 99000 ", await db.ScalarAsync<string>(HallOfFame));
        await AssertAsFullRebuildAsync(db);
    }

    /// <summary>Rebuilds every race in a transaction that is rolled back, and compares what it gave with the tables as the imports left them.</summary>
    private static async Task AssertAsFullRebuildAsync(TestDatabase db)
    {
        var afterImports = (await db.ScalarAsync<string>(SchoolCourseRecords), await db.ScalarAsync<string>(BestTimes),
            await db.ScalarAsync<string>(HallOfFame), await db.ScalarAsync<string>(Flags));

        await using var connection = await db.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var allRaces = await ScalarAsync<string[]>("SELECT array_agg(athletic_net_race_id) FROM races");
        await DerivedRebuild.RebuildAsync(connection, transaction, allRaces, CancellationToken.None);
        var rebuilt = (await ScalarAsync<string>(SchoolCourseRecords), await ScalarAsync<string>(BestTimes),
            await ScalarAsync<string>(HallOfFame), await ScalarAsync<string>(Flags));
        await transaction.RollbackAsync();

        Assert.Equal(rebuilt, afterImports);

        async Task<T> ScalarAsync<T>(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            return (T)(await command.ExecuteScalarAsync())!;
        }
    }
}
