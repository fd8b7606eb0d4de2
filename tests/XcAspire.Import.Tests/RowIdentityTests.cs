using XcAspire.Silo.Import;
using XcAspire.Silo.Import.Reports;
using XcAspire.Silo.MeetData;
using XcAspire.Testing;
using static XcAspire.Import.Tests.TestMeets;

namespace XcAspire.Import.Tests;

/// <summary>
/// One meet's import never changes another meet's rows: a source result id or a race id already owned
/// elsewhere rejects the row (or the race) with a reason naming the owner, and a correction only ever
/// applies within its own race.
/// </summary>
public sealed class RowIdentityTests
{
    private static ResultRecord WithId(ResultRecord row, string sourceResultId) => row with { SourceResultId = sourceResultId };

    private static Task<MeetImportResult> ImportAsync(TestDatabase db, MeetSnapshot meet) =>
        new MeetImporter(db.DataSource).ImportAsync(meet, null, dryRun: false, CancellationToken.None);

    private static MeetSnapshot First() => Meet("291001", [Race("1291001")],
    [
        WithId(Row("1291001", "Runner Able", "Isle High", 95000), "5001"), WithId(Row("1291001", "Runner Baker", "Isle High", 95160), "5002"),
        WithId(Row("1291001", "Runner Cole", "Isle High", 95300), "5003"),
    ]);

    [Fact]
    public async Task Result_ids_another_meet_owns_are_rejected_rows_naming_that_meet_and_the_first_meet_is_unchanged()
    {
        await using var db = await TestPostgres.CreateMigratedAsync();
        await ImportAsync(db, First());
        var before = await NaturalKeys.CaptureAsync(db.DataSource);
        var second = Meet("291002", [Race("1291002")],
        [
            WithId(Row("1291002", "Runner Dale", "Isle High", 96000), "5001"), WithId(Row("1291002", "Runner Baker", "Isle High", 96160), "5002"),
            WithId(Row("1291002", "Runner Eve", "Isle High", 96300), "6003"),
        ]);

        var result = await ImportAsync(db, second);
        var again = await ImportAsync(db, First());

        Assert.Equal((3, 1, 2, 0), (result.Counts.Read, result.Counts.Inserted, result.Counts.Rejected, result.Counts.Updated));
        var outcomes = await ImportReports.GetOutcomesAsync(db.DataSource, result.JobId);
        Assert.All(outcomes, o => Assert.Contains("already belongs to meet 291001 (Test Meet 291001), race 1291001", o.Reason, StringComparison.Ordinal));
        Assert.Empty(before.Of("291001").DifferencesFrom((await NaturalKeys.CaptureAsync(db.DataSource)).Of("291001")));
        Assert.Equal(again.Counts.Read, again.Counts.AlreadyPresent);
    }

    [Fact]
    public async Task A_correction_applies_within_its_own_race_and_never_to_a_row_of_another_race_of_the_meet()
    {
        await using var db = await TestPostgres.CreateMigratedAsync();
        await ImportAsync(db, First());
        var corrected = First() with
        {
            Races = [Race("1291001"), Race("1291003", "F")],
            Results =
            [
                WithId(Row("1291001", "Runner Able", "Isle High", 95010), "5001"), WithId(Row("1291001", "Runner Baker", "Isle High", 95160), "5002"),
                WithId(Row("1291003", "Runner Cole", "Isle High", 99999), "5003"),
            ],
        };

        var result = await ImportAsync(db, corrected);

        Assert.Equal((1, 1, 1), (result.Counts.Updated, result.Counts.AlreadyPresent, result.Counts.Rejected));
        var outcomes = await ImportReports.GetOutcomesAsync(db.DataSource, result.JobId);
        Assert.Contains(outcomes, o => o.Outcome == "updated" && o.Reason == "corrected time (same source result id)" && o.OldTimeCs == 95000);
        Assert.Contains(outcomes, o => o.Outcome == "rejected" && o.Reason!.Contains("already belongs to meet 291001 (Test Meet 291001), race 1291001", StringComparison.Ordinal));
        Assert.Equal(95300, await CountAsync(db.DataSource, "SELECT time_cs FROM results WHERE source_result_id = '5003'"));
    }

    [Fact]
    public async Task A_race_id_another_meet_owns_rejects_the_race_and_leaves_that_race_where_it_is()
    {
        await using var db = await TestPostgres.CreateMigratedAsync();
        await ImportAsync(db, First());
        var before = await NaturalKeys.CaptureAsync(db.DataSource);
        var takeover = Meet("291004", [Race("1291001", metres: 4000) with { Title = "Taken Over 4000" }], [Row("1291001", "Runner Fay", "Isle High", 80000)]);

        var result = await ImportAsync(db, takeover);

        var rejected = Assert.Single(await ImportReports.GetOutcomesAsync(db.DataSource, result.JobId));
        Assert.Equal("race 1291001 belongs to meet 291001 (Test Meet 291001); it is never moved to meet 291004, so its rows are not imported", rejected.Reason);
        Assert.Empty(before.Of("291001").DifferencesFrom((await NaturalKeys.CaptureAsync(db.DataSource)).Of("291001")));
        Assert.Equal(1, await CountAsync(db.DataSource, "SELECT count(*) FROM races WHERE name = 'Mens 5000 Meters Varsity' AND distance_meters = 5000"));
    }

    [Fact]
    public async Task A_result_id_repeated_within_the_race_rejects_the_repeat_with_the_line_it_repeats()
    {
        await using var db = await TestPostgres.CreateMigratedAsync();
        var first = Row("1291005", "Runner Gus", "Isle High", 95000);
        var meet = Meet("291005", [Race("1291005")], [WithId(first, "7001"), WithId(Row("1291005", "Runner Hal", "Isle High", 95100), "7001")]);

        var result = await ImportAsync(db, meet);

        Assert.Equal((1, 1), (result.Counts.Inserted, result.Counts.Rejected));
        Assert.Equal($"repeats line {first.Source.Line} (same source result id 7001)", Assert.Single(await ImportReports.GetOutcomesAsync(db.DataSource, result.JobId)).Reason);
    }

    [Fact]
    public async Task A_race_holding_rows_filed_under_another_meet_stops_its_import_for_good_instead_of_building_on_them()
    {
        await using var db = await TestPostgres.CreateMigratedAsync();
        await ImportAsync(db, First());
        await ImportAsync(db, Meet("291006", [Race("1291006")], [Row("1291006", "Runner Ian", "Isle High", 97000)]));
        await db.ScalarAsync<object>("UPDATE results SET meet_id = (SELECT id FROM meets WHERE athletic_net_id = '291006') WHERE source_result_id = '5001'");

        var error = await Assert.ThrowsAsync<ImportIntegrityException>(() => ImportAsync(db, First()));

        Assert.Contains("race 1291001 holds 1 results or non-finishers filed under another meet", error.Message, StringComparison.Ordinal);
        Assert.True(ImportErrors.IsDeterministic(error));
    }
}
