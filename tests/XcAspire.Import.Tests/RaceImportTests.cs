using Npgsql;
using XcAspire.Silo.Import;
using XcAspire.Silo.Import.Races;
using XcAspire.Silo.Import.Reports;
using XcAspire.Silo.MeetData;
using XcAspire.Testing;
using static XcAspire.Import.Tests.TestMeets;

namespace XcAspire.Import.Tests;

/// <summary>The import rules of product.md §3.2/§7 and the old pipeline's failures (domain.md §5.4), with synthetic names.</summary>
public sealed class RaceImportTests
{
    private static Task<MeetImportResult> ImportAsync(TestDatabase db, MeetSnapshot meet, bool dryRun = false) =>
        new MeetImporter(db.DataSource).ImportAsync(meet, null, dryRun, CancellationToken.None);

    private static void AssertAddsUp(MeetImportResult result)
    {
        var c = result.Counts;
        Assert.Equal(c.Read, c.Inserted + c.AlreadyPresent + c.Updated + c.Rejected);
        foreach (var race in result.Races)
        {
            var r = race.Counts;
            Assert.Equal(r.Read, r.Inserted + r.AlreadyPresent + r.Updated + r.Rejected);
        }
    }

    [Fact]
    public async Task Ties_between_different_athletes_are_all_kept_including_a_hyphenated_runner_in_a_five_way_tie()
    {
        // domain.md §5.4 #4 and #6: a runner hidden among tied times, a five-way tie at 113200.
        await using var db = await TestPostgres.CreateMigratedAsync();
        var meet = Meet("255929", [Race("1001")],
        [
            Row("1001", "Runner Alpha", "Tie High", 113200), Row("1001", "Runner Beta", "Tie High", 113200),
            Row("1001", "Runner Gamma-Delta", "Tie High", 113200), Row("1001", "Runner Epsilon", "Other High", 113200),
            Row("1001", "Runner Alpha", "Other High", 113200), Row("1001", "Runner Zeta", "Tie High", 113300),
        ]);

        var result = await ImportAsync(db, meet);

        AssertAddsUp(result);
        Assert.Equal(6, result.Counts.Inserted);
        Assert.Equal(5, await CountAsync(db.DataSource, "SELECT count(*) FROM results WHERE time_cs = 113200"));
        Assert.Equal(6, result.Finalize.Reconciliation.Matched);
        Assert.All(result.Finalize.Reconciliation.Categories.Values, n => Assert.Equal(0, n));
    }

    [Fact]
    public async Task Same_athlete_twice_in_one_race_keeps_both_times_and_flags_the_pair()
    {
        // domain.md §5.4 #5 (Runner T, Runner H): the same name twice in one race.
        await using var db = await TestPostgres.CreateMigratedAsync();
        var meet = Meet("267582", [Race("1063223")], [Row("1063223", "Runner T", "Stal High", 123280), Row("1063223", "Runner T", "Stal High", 129810)]);

        var result = await ImportAsync(db, meet);

        Assert.Equal(2, result.Counts.Inserted);
        Assert.Equal(2, result.Counts.Flagged);
        Assert.Equal(1, await CountAsync(db.DataSource, "SELECT count(*) FROM athletes"));
        Assert.Equal(1, await CountAsync(db.DataSource, "SELECT count(*) FROM potential_duplicates WHERE time_1_cs = 123280 AND time_2_cs = 129810 AND time_difference_cs = 6530"));
    }

    [Fact]
    public async Task A_corrected_time_updates_the_stored_row_and_keeps_the_old_value_in_the_report()
    {
        await using var db = await TestPostgres.CreateMigratedAsync();
        await ImportAsync(db, Meet("270614", [Race("1077801")], [Row("1077801", "Runner H", "Stal High", 158420), Row("1077801", "Runner K", "Stal High", 160000)]));

        var corrected = await ImportAsync(db, Meet("270614", [Race("1077801")], [Row("1077801", "Runner H", "Stal High", 158020), Row("1077801", "Runner K", "Stal High", 160000)]));

        AssertAddsUp(corrected);
        Assert.Equal((1, 1), (corrected.Counts.Updated, corrected.Counts.AlreadyPresent));
        Assert.Equal(2, await CountAsync(db.DataSource, "SELECT count(*) FROM results"));
        Assert.Equal(158020, await CountAsync(db.DataSource, "SELECT r.time_cs FROM results r JOIN athletes a ON a.id = r.athlete_id WHERE a.name = 'Runner H'"));
        var outcome = Assert.Single(await ImportReports.GetOutcomesAsync(db.DataSource, corrected.JobId));
        Assert.Equal(("updated", 158420, 158020), (outcome.Outcome, outcome.OldTimeCs!.Value, outcome.TimeCs!.Value));
        Assert.Contains("corrected time", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Re_importing_with_a_second_input_row_keeps_both_times_instead_of_correcting()
    {
        await using var db = await TestPostgres.CreateMigratedAsync();
        await ImportAsync(db, Meet("270615", [Race("2001")], [Row("2001", "Runner H", "Stal High", 158420)]));

        var again = await ImportAsync(db, Meet("270615", [Race("2001")], [Row("2001", "Runner H", "Stal High", 158420), Row("2001", "Runner H", "Stal High", 207460)]));

        Assert.Equal((1, 1, 0), (again.Counts.AlreadyPresent, again.Counts.Inserted, again.Counts.Updated));
        Assert.Equal(2, await CountAsync(db.DataSource, "SELECT count(*) FROM results"));
        Assert.Equal(1, await CountAsync(db.DataSource, "SELECT count(*) FROM potential_duplicates"));
    }

    [Fact]
    public async Task Name_variants_across_meets_link_to_the_same_athlete_and_are_flagged_for_review()
    {
        // domain.md §3.5: DePrat/Deprat across meets; §5.4 #4: middle-name and apostrophe variants.
        await using var db = await TestPostgres.CreateMigratedAsync();
        await ImportAsync(db, Meet("254332", [Race("3001")],
        [
            Row("3001", "Christian DePrat", "Eagle High", 100000), Row("3001", "Runner A. Middle", "Eagle High", 117431),
            Row("3001", "Sean O'Neil", "Eagle High", 101000), Row("3001", "Runner Smith Jr.", "Eagle High", 102000),
        ]));

        var second = await ImportAsync(db, Meet("254378", [Race("3002")],
        [
            Row("3002", "Christian Deprat", "Eagle High", 99000), Row("3002", "Runner Middle", "Eagle High", 116000),
            Row("3002", "Sean O’Neil", "Eagle High", 100500), Row("3002", "Runner Smith", "Eagle High", 101500),
        ]));

        Assert.Equal(4, await CountAsync(db.DataSource, "SELECT count(*) FROM athletes"));
        Assert.Equal(4, second.Counts.Flagged);
        Assert.Equal(2, await CountAsync(db.DataSource, "SELECT count(*) FROM potential_duplicate_athletes WHERE conflict_type = 'capitalization_difference'"));
        Assert.Equal(2, await CountAsync(db.DataSource, "SELECT count(*) FROM potential_duplicate_athletes WHERE conflict_type = 'middle_name_difference'"));
        // The source names differ from the stored ones: reconciliation pairs them instead of calling them lost.
        Assert.Equal(2, second.Finalize.Reconciliation.Categories["case_variant"]);
        Assert.Equal(2, second.Finalize.Reconciliation.Categories["middle_name_variant"]);
        Assert.Equal(0, second.Finalize.Reconciliation.Categories["missing_athlete_present"] + second.Finalize.Reconciliation.Categories["extra_in_db"]);
    }

    [Fact]
    public async Task Two_name_variants_in_the_same_race_stay_two_athletes()
    {
        // domain.md §5.4 #5 (Runner-M): "Runner A. Middle" and "Runner Middle" in one race are two runners.
        await using var db = await TestPostgres.CreateMigratedAsync();

        await ImportAsync(db, Meet("254333", [Race("3101")], [Row("3101", "Runner A. Middle", "Eagle High", 117431), Row("3101", "Runner Middle", "Eagle High", 124551)]));

        Assert.Equal(2, await CountAsync(db.DataSource, "SELECT count(*) FROM athletes"));
        Assert.Equal(0, await CountAsync(db.DataSource, "SELECT count(*) FROM potential_duplicates"));
    }

    [Fact]
    public async Task Slugs_transliterate_accents_and_resolve_collisions_deterministically()
    {
        // domain.md §1.5 and §5.4 #4: accents, apostrophes and same names never collide or fail.
        var meet = Meet("254379", [Race("3201")],
        [
            Row("3201", "José Muñoz", "North High", 100000), Row("3201", "José Muñoz", "South High", 100100),
            Row("3201", "Jose Munoz", "West High", 100200), Row("3201", "Zoë D'Angelo-Peña", "North High", 100300),
        ]);
        var slugs = new List<string[]>();
        for (var run = 0; run < 2; run++)
        {
            await using var db = await TestPostgres.CreateMigratedAsync();
            await ImportAsync(db, meet);
            await using var command = db.DataSource.CreateCommand("SELECT slug FROM athletes ORDER BY slug");
            await using var reader = await command.ExecuteReaderAsync();
            var list = new List<string>();
            while (await reader.ReadAsync())
            {
                list.Add(reader.GetString(0));
            }

            slugs.Add([.. list]);
        }

        Assert.Equal(["jose-munoz", "jose-munoz-2", "jose-munoz-3", "zoe-dangelo-pena"], slugs[0]);
        Assert.Equal(slugs[0], slugs[1]);
    }

    [Fact]
    public async Task Two_races_committing_at_once_never_create_the_same_athlete_twice()
    {
        await using var db = await TestPostgres.CreateMigratedAsync();
        var names = Enumerable.Range(0, 60).Select(i => $"Runner Number{i}").ToList();
        var meet = Meet("256230", [Race("4001"), Race("4002")],
            [.. names.Select((n, i) => Row("4001", n, "Shared High", 100000 + i)), .. names.Select((n, i) => Row("4002", n, "Shared High", 110000 + i))]);

        async Task ImportRaceAsync(string raceId)
        {
            await using var conn = await db.DataSource.OpenConnectionAsync();
            await using var tx = await conn.BeginTransactionAsync();
            var result = await RaceImporter.ImportRaceAsync(conn, tx, meet, raceId, Guid.NewGuid(), CancellationToken.None);
            Assert.Equal(60, result.Counts.Inserted);
            await tx.CommitAsync();
        }

        await Task.WhenAll(Task.Run(() => ImportRaceAsync("4001")), Task.Run(() => ImportRaceAsync("4002")));

        Assert.Equal(60, await CountAsync(db.DataSource, "SELECT count(*) FROM athletes"));
        Assert.Equal(1, await CountAsync(db.DataSource, "SELECT count(*) FROM schools"));
        Assert.Equal(1, await CountAsync(db.DataSource, "SELECT count(*) FROM meets"));
        Assert.Equal(120, await CountAsync(db.DataSource, "SELECT count(*) FROM results"));
    }

    [Fact]
    public async Task A_dry_run_reports_the_same_outcomes_and_writes_nothing()
    {
        await using var db = await TestPostgres.CreateMigratedAsync();
        var meet = Meet("254380", [Race("5001"), Race("5002", "F")],
        [
            Row("5001", "Runner One", "Dry High", 100000), Row("5001", "Runner Two", "Dry High", 101000, grade: null),
            Row("5002", "Runner Three", "Dry High", 110000), Row("5002", "Runner Four", "Dry High", null, status: FinishStatus.DNF),
        ]);

        var dry = await ImportAsync(db, meet, dryRun: true);

        foreach (var table in new[] { "results", "athletes", "schools", "meets", "races", "non_finishers", "import_row_outcomes", "import_reconciliations", "potential_duplicate_athletes" })
        {
            Assert.Equal(0, await CountAsync(db.DataSource, $"SELECT count(*) FROM {table}"));
        }

        var real = await ImportAsync(db, meet);
        Assert.Equal(real.Counts, dry.Counts);
        Assert.Equal(real.Finalize.Reconciliation.Categories, dry.Finalize.Reconciliation.Categories);
        Assert.Equal(4, real.Counts.Inserted);
    }

    [Fact]
    public async Task Reconciliation_finds_missing_rows_with_and_without_their_athlete_and_extra_rows()
    {
        await using var db = await TestPostgres.CreateMigratedAsync();
        var meet = Meet("254381", [Race("6001")],
        [
            Row("6001", "Runner Kept", "Recon High", 100000), Row("6001", "Runner Lost", "Recon High", 101000),
            Row("6001", "Runner Gone", "Recon High", 102000), Row("6001", "Runner Extra", "Recon High", 103000),
        ]);
        await ImportAsync(db, meet);
        await db.ExecuteAsync("DELETE FROM results WHERE athlete_id = (SELECT id FROM athletes WHERE name = 'Runner Lost')");
        await db.ExecuteAsync("DELETE FROM athletes WHERE name = 'Runner Gone'");
        await db.ExecuteAsync(
            "INSERT INTO results (athlete_id, meet_id, race_id, time_cs) SELECT a.id, r.meet_id, r.meet_id, 0 FROM athletes a, races r WHERE false");
        await db.ExecuteAsync(
            "INSERT INTO results (athlete_id, meet_id, race_id, time_cs) SELECT a.id, ra.meet_id, ra.id, 104000 FROM athletes a, races ra WHERE a.name = 'Runner Extra'");

        var jobId = Guid.NewGuid();
        await using (var conn = await db.DataSource.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await MeetFinalizer.FinalizeAsync(conn, tx, meet, jobId, CancellationToken.None);
            await tx.CommitAsync();
        }

        var report = await ImportReports.GetReconciliationAsync(db.DataSource, jobId);
        Assert.NotNull(report);
        var byCategory = report.Categories.ToDictionary(c => c.Category);
        Assert.Equal("Runner Lost", Assert.Single(byCategory["missing_athlete_present"].Items).AthleteName);
        Assert.Equal("Runner Gone", Assert.Single(byCategory["missing_athlete_absent"].Items).AthleteName);
        var extra = Assert.Single(byCategory["extra_in_db"].Items);
        Assert.Equal(("Runner Extra", "6001", 104000), (extra.AthleteName, extra.RaceId, extra.TimeCs));
        Assert.Equal(2, report.MatchedRows);
        Assert.Equal(3, await CountAsync(db.DataSource, "SELECT result_count FROM meets"));
    }

    [Fact]
    public async Task A_race_with_an_unusable_gender_rejects_its_rows_with_the_reason_and_writes_no_partial_race()
    {
        await using var db = await TestPostgres.CreateMigratedAsync();
        var meet = Meet("254382", [Race("7001"), Race("7002", "U")],
            [Row("7001", "Runner Good", "Some High", 100000), Row("7002", "Runner Unknown", "Some High", 100000), Row("7002", "Runner Unknown2", "Some High", 100100)]);

        var result = await ImportAsync(db, meet);

        AssertAddsUp(result);
        Assert.Equal((3, 1, 2), (result.Counts.Read, result.Counts.Inserted, result.Counts.Rejected));
        Assert.Equal(0, await CountAsync(db.DataSource, "SELECT count(*) FROM races WHERE athletic_net_race_id = '7002'"));
        var rejected = (await ImportReports.GetOutcomesAsync(db.DataSource, result.JobId)).Where(o => o.Outcome == "rejected").ToList();
        Assert.Equal(2, rejected.Count);
        Assert.All(rejected, r => Assert.Contains("gender 'U'", r.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rows_of_an_unknown_race_are_rejected_and_counted_never_silently_skipped()
    {
        // domain.md §5.4 #2: 0 of 1,633 imported with the failures swallowed.
        await using var db = await TestPostgres.CreateMigratedAsync();
        var meet = Meet("254383", [Race("8001")], [Row("8001", "Runner In", "Some High", 100000), Row("8999", "Runner Out", "Some High", 100000)]);

        var result = await ImportAsync(db, meet);

        Assert.Equal((2, 1, 1), (result.Counts.Read, result.Counts.Inserted, result.Counts.Rejected));
        Assert.Contains(await ImportReports.GetOutcomesAsync(db.DataSource, result.JobId), o => o.Outcome == "rejected" && o.RaceId is null && o.Reason!.Contains("8999", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ids_are_stored_as_the_site_expects_races_mirrored_and_blank_athlete_ids_as_NULL()
    {
        // domain.md §5.4 #4 (NULL races.athletic_net_id), #9 ('' violated UNIQUE), #10 (CHECK values).
        await using var db = await TestPostgres.CreateMigratedAsync();
        var meet = Meet("254384", [Race("9001")],
            [Row("9001", "Runner Blank", "Id High", 100000) with { AthleticNetAthleteId = "" }, Row("9001", "Runner Blank2", "Id High", 100100) with { AthleticNetAthleteId = " " }]);

        await ImportAsync(db, meet);

        Assert.Equal(1, await CountAsync(db.DataSource, "SELECT count(*) FROM races WHERE athletic_net_id = athletic_net_race_id AND athletic_net_id = '9001'"));
        Assert.Equal(2, await CountAsync(db.DataSource, "SELECT count(*) FROM athletes WHERE athletic_net_id IS NULL"));
        Assert.Equal(2, await CountAsync(db.DataSource, "SELECT count(*) FROM results WHERE data_source = 'athletic_net'"));
    }

    [Fact]
    public async Task A_race_naming_a_course_of_another_distance_gets_a_course_of_its_own_distance_never_the_first_course()
    {
        // domain.md §5.4 #8 (Lagoon Valley): 2-mile races attached to the 3-mile course.
        await using var db = await TestPostgres.CreateMigratedAsync();
        var threeMiles = new CourseRecord("Lagoon Valley, 3 Miles", "Test Park", 4828, "3 Miles", 1.2m);
        var meet = Meet("256100", [Race("10001", metres: 4828) with { CourseName = threeMiles.Name }, Race("10002", metres: 3218) with { CourseName = threeMiles.Name }],
            [Row("10001", "Runner Long", "Lake High", 110000), Row("10002", "Runner Short", "Lake High", 80000)]) with { Courses = [threeMiles] };

        var result = await ImportAsync(db, meet);

        Assert.Equal(4828, await CountAsync(db.DataSource, "SELECT c.distance_meters FROM races r JOIN courses c ON c.id = r.course_id WHERE r.athletic_net_race_id = '10001'"));
        Assert.Equal(3218, await CountAsync(db.DataSource, "SELECT c.distance_meters FROM races r JOIN courses c ON c.id = r.course_id WHERE r.athletic_net_race_id = '10002'"));
        Assert.Contains(result.Warnings, w => w.Contains("10002", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Quirks_of_the_seed_import_as_themselves_grades_schools_and_damaged_names()
    {
        // domain.md §3.5: straight/curly apostrophes and (sb)/(SB) in school names, community-race grades,
        // missing grades, damaged names, a name in capitals, the same name at two schools, one athlete in two races.
        await using var db = await TestPostgres.CreateMigratedAsync();
        var meet = Meet("253897", [Race("11001"), Race("11002")],
        [
            Row("11001", "Runner Apostrophe", "St. Margaret's", 100000), Row("11001", "Runner Curly", "St. Margaret’s", 100100),
            Row("11001", "Runner Sb", "San Marcos (sb)", 100200), Row("11001", "Runner SB", "San Marcos (SB)", 100300),
            Row("11001", "Runner Young", "Community", 150000, grade: 5), Row("11001", "Runner Nograde", "Community", 150100, grade: null),
            Row("11001", "Mu\uFFFDoz Runner", "Community", 150200, review: true), Row("11001", "DANIEL CAPITALS", "Community", 150300),
            Row("11001", "Runner Same", "North High", 160000), Row("11001", "Runner Same", "South High", 160000),
            Row("11002", "Runner Apostrophe", "St. Margaret's", 99000),
        ]);

        var result = await ImportAsync(db, meet);

        AssertAddsUp(result);
        Assert.Equal(11, result.Counts.Inserted);
        Assert.Equal(5, await CountAsync(db.DataSource, "SELECT count(*) FROM schools"));
        Assert.Equal(10, await CountAsync(db.DataSource, "SELECT count(*) FROM athletes"));
        Assert.Equal(2033, await CountAsync(db.DataSource, "SELECT grad_year FROM athletes WHERE name = 'Runner Young'"));
        Assert.Equal(1, await CountAsync(db.DataSource, "SELECT count(*) FROM athletes WHERE name = 'Runner Nograde' AND grad_year IS NULL"));
        Assert.Equal(1, await CountAsync(db.DataSource, "SELECT count(*) FROM potential_duplicate_athletes WHERE conflict_type = 'unknown_grad_year'"));
        Assert.Equal(1, await CountAsync(db.DataSource, "SELECT count(*) FROM potential_duplicate_athletes WHERE conflict_type = 'damaged_name'"));
        Assert.Contains(await ImportReports.GetOutcomesAsync(db.DataSource, result.JobId), o => o.Flagged && o.AthleteName == "Mu\uFFFDoz Runner");
    }

    [Fact]
    public async Task Derived_tables_are_rebuilt_for_the_meet_with_formula_A_contiguous_ranks_and_grade_13_minus()
    {
        // domain.md §2.4: rank gaps, grade off by one (freshmen dropped); §5.4 #1: best-time rows point at stored results.
        await using var db = await TestPostgres.CreateMigratedAsync();
        var meet = Meet("254535", [Race("12001")],
        [
            Row("12001", "Runner Fresh", "Crystal High", 100000, grade: 9), Row("12001", "Runner Fresh", "Crystal High", 104000, grade: 9),
            Row("12001", "Runner Senior", "Crystal High", 99000, grade: 12), Row("12001", "Runner Other", "Other High", 98000, grade: 11),
        ], difficulty: 1.125m);

        await ImportAsync(db, meet);

        // Formula A: 99000 × 1609.344 / 5000 / 1.125 = 28324.45 → 28324.
        Assert.Equal(28324, await CountAsync(db.DataSource, "SELECT normalized_time_cs FROM results WHERE time_cs = 99000"));
        Assert.Equal("1,2,3", await db.ScalarAsync<string>("SELECT string_agg(rank::text, ',' ORDER BY rank) FROM course_records"));
        Assert.Equal(100000, await CountAsync(db.DataSource, "SELECT time_cs FROM course_records cr JOIN athletes a ON a.id = cr.athlete_id WHERE a.name = 'Runner Fresh'"));
        Assert.Equal(3, await CountAsync(db.DataSource, "SELECT count(*) FROM athlete_best_times b JOIN results r ON r.id = b.season_best_result_id"));
        Assert.Equal("9,12", await db.ScalarAsync<string>("SELECT string_agg(grade::text, ',' ORDER BY grade) FROM school_course_records s JOIN schools sc ON sc.id = s.school_id WHERE sc.name = 'Crystal High'"));
        Assert.Equal(2, await CountAsync(db.DataSource, "SELECT count(*) FROM school_hall_of_fame WHERE school_id = (SELECT id FROM schools WHERE name = 'Crystal High')"));
        Assert.Equal(3, await CountAsync(db.DataSource, "SELECT count(*) FROM results WHERE is_pr AND is_sb"));
        Assert.Equal(4, await CountAsync(db.DataSource, "SELECT result_count FROM meets"));
    }

    [Fact]
    public async Task Two_meets_that_share_athletes_link_them_to_the_same_athletes()
    {
        await using var db = await TestPostgres.CreateMigratedAsync();
        var options = new XcAspire.Silo.Sample.MeetGeneratorOptions { TotalResults = 400, RaceCount = 4, SchoolCount = 10, AthletesPerSchool = 30, NameVariantRate = 0, TwiceInRaceCount = 0 };
        var first = XcAspire.Silo.Sample.MeetGenerator.Generate(options with { Seed = 11, MeetId = "700001" });
        var second = XcAspire.Silo.Sample.MeetGenerator.Generate(options with { Seed = 12, MeetId = "700002" });

        await ImportAsync(db, first);
        await ImportAsync(db, second);

        var distinct = first.Results.Concat(second.Results).Select(r => (r.SchoolSourceKey, r.AthleteName)).Distinct().Count();
        Assert.True(distinct < first.Results.Count + second.Results.Count, "the generated meets should share athletes");
        Assert.Equal(distinct, await CountAsync(db.DataSource, "SELECT count(*) FROM athletes"));
    }
}
