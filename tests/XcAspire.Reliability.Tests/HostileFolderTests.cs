using System.Net;
using System.Text;
using System.Text.Json;
using XcAspire.Testing;

namespace XcAspire.Reliability.Tests;

/// <summary>
/// Meet folders an operator might really drop into the data root, imported through the API: each
/// ends with a clear 400 or rejected rows, and the database holds nothing of what was refused.
/// </summary>
[Collection(HostileCollection.Name)]
public sealed class HostileFolderTests(HostileRig hostile)
{
    [Theory]
    [InlineData("results.csv", "time_cs", "finish_time")]
    [InlineData("races.csv", "gender", "sex")]
    [InlineData("meets.csv", "athletic_net_id", "meet_id")]
    public async Task A_renamed_or_missing_column_is_a_400_naming_file_and_column_and_writes_nothing(string file, string column, string renamedTo)
    {
        var folder = hostile.WriteFolder(HostileRig.Meet("961001", 90), $"renamed-{column}");
        RewriteHeader(folder, file, h => h.Replace(column, renamedTo, StringComparison.Ordinal));
        var before = await Counts();

        var (status, body) = await hostile.Api.PostAsync("import-meet/start-import", new { directoryPath = folder });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var detail = body.GetProperty("detail").GetString()!;
        Assert.Contains(file, detail, StringComparison.Ordinal);
        Assert.Contains(column, detail, StringComparison.Ordinal);
        Assert.Equal(before, await Counts());
    }

    [Fact]
    public async Task An_extra_column_is_ignored_and_every_row_is_imported()
    {
        var meet = HostileRig.Meet("961002", 90);
        var folder = hostile.WriteFolder(meet, "extra-column");
        var path = Path.Combine(folder, "results.csv");
        var lines = File.ReadAllLines(path);
        File.WriteAllLines(path, lines.Select((l, i) => l + (i == 0 ? ",coach_notes" : ",\"ran well, \"\"mostly\"\"\"")));

        var end = await ImportAsync(folder);

        Assert.Equal("importing_complete", end.GetProperty("status").GetString());
        Assert.Equal(meet.Results.Count, await ResultsOf("961002"));
    }

    [Fact]
    public async Task A_latin1_results_file_is_read_with_damaged_names_flagged_and_no_row_lost()
    {
        var meet = HostileRig.Meet("961003", 150);
        var folder = hostile.WriteFolder(meet, "latin1");
        var path = Path.Combine(folder, "results.csv");
        var text = File.ReadAllText(path).Replace("Smith", "Muñoz", StringComparison.Ordinal);
        File.WriteAllBytes(path, Encoding.Latin1.GetBytes(text));

        var end = await ImportAsync(folder);

        Assert.Equal("importing_complete", end.GetProperty("status").GetString());
        Assert.Equal(meet.Results.Count, await ResultsOf("961003"));
        // Latin-1 "ñ" is not UTF-8: those names arrive with U+FFFD and are flagged for review.
        Assert.True(end.GetProperty("results").GetProperty("flagged").GetInt32() > 0, end.ToString());
    }

    [Fact]
    public async Task A_nul_byte_and_a_formula_time_reject_their_rows_with_a_reason_and_the_rest_import()
    {
        var meet = HostileRig.Meet("961004", 90);
        var folder = hostile.WriteFolder(meet, "nul-formula");
        var path = Path.Combine(folder, "results.csv");
        var lines = File.ReadAllLines(path);
        lines[1] = lines[1].Insert(lines[1].IndexOf(',', StringComparison.Ordinal) + 2, "\0");
        var fields = lines[2].Split(',');
        fields[5] = "=1+1";
        lines[2] = string.Join(',', fields);
        File.WriteAllLines(path, lines);

        var end = await ImportAsync(folder);

        Assert.Equal("importing_complete", end.GetProperty("status").GetString());
        Assert.Equal(2, end.GetProperty("results").GetProperty("rejected").GetInt32());
        Assert.Equal(meet.Results.Count - 2, await ResultsOf("961004"));
    }

    [Fact]
    public async Task A_20_MB_field_is_a_400_naming_the_file_and_writes_nothing()
    {
        var meet = HostileRig.Meet("961005", 60);
        var folder = hostile.WriteFolder(meet, "huge-field");
        ReplaceResultField(folder, line: 1, field: 1, new string('x', 20 * 1024 * 1024));
        var before = await Counts();

        var (status, body) = await hostile.Api.PostAsync("import-meet/start-import", new { directoryPath = folder });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("results.csv", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await Counts());
    }

    [Fact]
    public async Task A_folder_of_10000_races_is_a_400_naming_the_limit_and_writes_nothing()
    {
        var folder = hostile.WriteFolder(HostileRig.Meet("961008", 30), "ten-thousand-races");
        var races = Path.Combine(folder, "races.csv");
        var header = File.ReadLines(races).First();
        File.WriteAllLines(races, Enumerable.Range(1, 10_000)
            .Select(i => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{961008_00000 + i},961008,Mens 5000 Meters Heat {i},M,5000,varsity,"))
            .Prepend(header));
        var before = await Counts();
        var jobs = await hostile.Rig.Database.ScalarAsync<long>("SELECT count(*) FROM import_jobs");

        var (status, body) = await hostile.Api.PostAsync("import-meet/start-import", new { directoryPath = folder });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var detail = body.GetProperty("detail").GetString()!;
        Assert.Contains("races.csv: 10,000 races", detail, StringComparison.Ordinal);
        Assert.Contains("at most 1,000", detail, StringComparison.Ordinal);
        Assert.Equal(before, await Counts());
        Assert.Equal(jobs, await hostile.Rig.Database.ScalarAsync<long>("SELECT count(*) FROM import_jobs"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_symlink_out_of_the_data_root_is_a_400_and_writes_nothing(bool encoded)
    {
        var outside = Directory.CreateTempSubdirectory("xc-outside-").FullName;
        try
        {
            var meet = HostileRig.Meet("961007", 30);
            Silo.Import.Csv.MeetFolderWriter.Write(meet, outside, Silo.Import.Csv.MeetFolderLayout.SingleResults);
            var link = "escape-" + (encoded ? "encoded" : "plain");
            Directory.CreateSymbolicLink(Path.Combine(hostile.Rig.DataRoot, link), outside);
            var before = await Counts();

            var (status, body) = await hostile.Api.PostAsync(
                "import-meet/start-import", new { directoryPath = encoded ? Uri.EscapeDataString(link) : link });

            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Contains("symbolic link", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Equal(before, await Counts());
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [Fact]
    public async Task A_folder_taking_over_a_race_of_another_meet_is_a_400_naming_that_meet_and_writes_nothing()
    {
        var folder = hostile.WriteFolder(HostileRig.Meet("990113", 30), "takeover");
        var owned = await hostile.Rig.Database.ScalarAsync<string>(
            "SELECT r.athletic_net_race_id FROM races r JOIN meets m ON m.id = r.meet_id WHERE m.athletic_net_id = '960001' ORDER BY 1 LIMIT 1");
        var races = Path.Combine(folder, "races.csv");
        File.WriteAllText(races, File.ReadAllText(races).Replace("990113001,", owned + ",", StringComparison.Ordinal));
        var results = Path.Combine(folder, "results.csv");
        File.WriteAllText(results, File.ReadAllText(results).Replace("\n990113001,", "\n" + owned + ",", StringComparison.Ordinal));
        var keys = await NaturalKeys.CaptureAsync(hostile.Rig.Database.DataSource);

        var detail = await RefusedAsync("takeover");

        Assert.StartsWith($"races.csv: race {owned} belongs to meet 960001 (Hostile Open 960001).", detail, StringComparison.Ordinal);
        Assert.Empty((await NaturalKeys.CaptureAsync(hostile.Rig.Database.DataSource)).DifferencesFrom(keys));
    }

    [Theory]
    [InlineData("meets.csv", "\n961010,Second Meet,2025-10-04,Test Park,2025,\n", "meets.csv: 2 rows (lines 2, 3); a meet folder holds exactly one meet")]
    [InlineData("races.csv", "\n961011099,961999,Womens 5000 Meters Varsity,F,5000,varsity,\n", "races.csv line 5: meet_athletic_net_id '961999' is not meet 961010 of meets.csv")]
    public async Task A_folder_that_is_not_one_meet_is_a_400_and_writes_nothing(string file, string extraRow, string expected)
    {
        var folder = hostile.WriteFolder(HostileRig.Meet("961010", 30), $"not-one-meet-{file}");
        File.AppendAllText(Path.Combine(folder, file), extraRow.TrimStart('\n'));

        Assert.StartsWith(expected, await RefusedAsync(folder), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_header_naming_a_column_twice_is_a_400_naming_the_column()
    {
        var folder = hostile.WriteFolder(HostileRig.Meet("961012", 30), "twice");
        RewriteHeader(folder, "results.csv", h => h.Replace("needs_review", "time_cs", StringComparison.Ordinal));

        Assert.Equal("results.csv: the header names column 'time_cs' 2 times (columns 6 and 9); a column may appear once", await RefusedAsync(folder));
    }

    [Fact]
    public async Task A_6000_character_name_is_one_rejected_row_and_its_race_imports_on_the_first_attempt()
    {
        var meet = HostileRig.Meet("961013", 60);
        var folder = hostile.WriteFolder(meet, "long-name");
        ReplaceResultField(folder, line: 1, field: 1, "Runner " + new string('n', 6_000));

        var (end, races) = await ImportWithRacesAsync(folder);

        Assert.Equal("importing_complete", end.GetProperty("status").GetString());
        Assert.Equal(1, end.GetProperty("results").GetProperty("rejected").GetInt32());
        Assert.Equal(meet.Results.Count - 1, await ResultsOf("961013"));
        Assert.All(races, r => Assert.Empty(r.GetProperty("errors").EnumerateArray()));
    }

    [Fact]
    public async Task A_constraint_the_database_refuses_fails_the_race_once_without_retries_and_the_other_races_import()
    {
        var meet = HostileRig.Meet("961014", 60);
        var folder = hostile.WriteFolder(meet, "refused-by-database");
        var refusedTime = meet.Results.First(r => r.TimeCs is not null).TimeCs!.Value;
        // A rule of the database no input check knows: the deterministic error a race step must not retry.
        await hostile.Rig.Database.ScalarAsync<object>($"ALTER TABLE results ADD CONSTRAINT hostile_refused_time CHECK (time_cs <> {refusedTime})");
        try
        {
            var (end, races) = await ImportWithRacesAsync(folder);

            Assert.Equal("completed_with_errors", end.GetProperty("status").GetString());
            var failed = Assert.Single(races, r => r.GetProperty("phase").GetString() == "failed");
            var error = Assert.Single(failed.GetProperty("errors").EnumerateArray());
            Assert.Contains("hostile_refused_time", error.GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.All(races.Where(r => r.GetProperty("raceId").GetString() != failed.GetProperty("raceId").GetString()),
                r => Assert.Equal("imported", r.GetProperty("phase").GetString()));
        }
        finally
        {
            await hostile.Rig.Database.ScalarAsync<object>("ALTER TABLE results DROP CONSTRAINT hostile_refused_time");
        }
    }

    [Theory]
    [InlineData("meets.csv", "/etc/passwd")]
    [InlineData("results.csv", "outside")]
    public async Task A_file_linked_from_outside_the_data_root_is_a_400_and_never_read(string file, string target)
    {
        var outside = Directory.CreateTempSubdirectory("xc-outside-file-").FullName;
        try
        {
            var meet = HostileRig.Meet("961015", 30);
            var folder = hostile.WriteFolder(meet, $"linked-{file}");
            if (target == "outside")
            {
                target = Path.Combine(outside, file);
                File.Move(Path.Combine(folder, file), target);
            }
            else
            {
                File.Delete(Path.Combine(folder, file));
            }

            File.CreateSymbolicLink(Path.Combine(folder, file), target);

            var detail = await RefusedAsync(Path.GetFileName(folder));

            Assert.Equal($"{file} is a link to a file outside the data root; only files inside it are read", detail);
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [Fact]
    public async Task A_fifo_named_results_csv_is_a_400_at_once()
    {
        var folder = hostile.WriteFolder(HostileRig.Meet("961016", 30), "fifo");
        File.Delete(Path.Combine(folder, "results.csv"));
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", Path.Combine(folder, "results.csv")))
        {
            await mkfifo.WaitForExitAsync();
        }

        // A request that waited for a writer would never answer: bounded here so that fails, not hangs.
        var detail = await RefusedAsync("fifo").WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("results.csv is a FIFO, not a regular file; only regular files are read", detail);
    }

    /// <summary>Starts an import that must be refused: a 400, and no domain table changed. Answers the problem's detail.</summary>
    private async Task<string> RefusedAsync(string directoryPath)
    {
        var before = await Counts();
        var (status, body) = await hostile.Api.PostAsync("import-meet/start-import", new { directoryPath });
        Assert.True(status == HttpStatusCode.BadRequest, $"start-import: {(int)status} {body}");
        Assert.Equal(before, await Counts());
        return body.GetProperty("detail").GetString()!;
    }

    private async Task<(JsonElement End, IReadOnlyList<JsonElement> Races)> ImportWithRacesAsync(string folder)
    {
        var end = await ImportAsync(folder);
        var (_, job) = await hostile.Api.GetAsync($"jobs/{end.GetProperty("jobId").GetString()}");
        return (end, job.GetProperty("races").EnumerateArray().ToList());
    }

    private async Task<JsonElement> ImportAsync(string folder)
    {
        var (status, body) = await hostile.Api.PostAsync("import-meet/start-import", new { directoryPath = folder });
        Assert.True(status == HttpStatusCode.OK, $"start-import: {(int)status} {body}");
        return await new JobWaiter(hostile.Api).WaitForEndAsync(body.GetProperty("jobId").GetString()!);
    }

    private Task<IReadOnlyDictionary<string, long>> Counts() => DomainCounts.CaptureAsync(hostile.Rig.Database.DataSource);

    private Task<long> ResultsOf(string meetId) => hostile.Rig.Database.ScalarAsync<long>(
        $"SELECT count(*) FROM results x JOIN meets m ON m.id = x.meet_id WHERE m.athletic_net_id = '{meetId}'");

    /// <summary>Puts <paramref name="value"/> in one field of one data line of results.csv (line 1 is the first row).</summary>
    private static void ReplaceResultField(string folder, int line, int field, string value)
    {
        var path = Path.Combine(folder, "results.csv");
        var lines = File.ReadAllLines(path);
        var fields = lines[line].Split(',');
        fields[field] = value;
        lines[line] = string.Join(',', fields);
        File.WriteAllLines(path, lines);
    }

    private static void RewriteHeader(string folder, string file, Func<string, string> change)
    {
        var path = Path.Combine(folder, file);
        var lines = File.ReadAllLines(path);
        lines[0] = change(lines[0]);
        File.WriteAllLines(path, lines);
    }
}
