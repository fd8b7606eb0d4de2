using System.Net;
using System.Text;
using System.Text.Json;

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
        var path = Path.Combine(folder, "results.csv");
        var lines = File.ReadAllLines(path);
        var fields = lines[1].Split(',');
        fields[1] = new string('x', 20 * 1024 * 1024);
        lines[1] = string.Join(',', fields);
        File.WriteAllLines(path, lines);
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

    private async Task<JsonElement> ImportAsync(string folder)
    {
        var (status, body) = await hostile.Api.PostAsync("import-meet/start-import", new { directoryPath = folder });
        Assert.True(status == HttpStatusCode.OK, $"start-import: {(int)status} {body}");
        return await new JobWaiter(hostile.Api).WaitForEndAsync(body.GetProperty("jobId").GetString()!);
    }

    private Task<IReadOnlyDictionary<string, long>> Counts() => DomainCounts.CaptureAsync(hostile.Rig.Database.DataSource);

    private Task<long> ResultsOf(string meetId) => hostile.Rig.Database.ScalarAsync<long>(
        $"SELECT count(*) FROM results x JOIN meets m ON m.id = x.meet_id WHERE m.athletic_net_id = '{meetId}'");

    private static void RewriteHeader(string folder, string file, Func<string, string> change)
    {
        var path = Path.Combine(folder, file);
        var lines = File.ReadAllLines(path);
        lines[0] = change(lines[0]);
        File.WriteAllLines(path, lines);
    }
}
