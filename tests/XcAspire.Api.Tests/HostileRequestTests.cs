using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using XcAspire.Silo.Import.Csv;
using XcAspire.Silo.Sample;

namespace XcAspire.Api.Tests;

/// <summary>
/// Requests an attacker or a careless script might send, beyond the ones the other suites cover
/// (AuthAndProblemTests, ImportFlowTests): each is refused with a problem that says why, and the
/// database shows that nothing was written.
/// </summary>
public sealed class HostileRequestTests : IAsyncLifetime
{
    private const string Meet = "930001";
    private static readonly string[] Written = ["import_jobs", "race_grains", "venues", "courses", "meets", "results"];

    private ApiHost _api = null!;

    public async Task InitializeAsync()
    {
        _api = await ApiHost.StartAsync();
        WriteMeetFolder(_api);
    }

    /// <summary>A real meet folder, so a refusal is the path's doing and not a missing folder's.</summary>
    private static void WriteMeetFolder(ApiHost api)
    {
        var folder = Path.Combine(api.DataRoot, "meet");
        Directory.CreateDirectory(folder);
        MeetFolderWriter.Write(MeetGenerator.Generate(new MeetGeneratorOptions { MeetId = Meet, RaceCount = 2, TotalResults = 20 }), folder, MeetFolderLayout.SingleResults);
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Theory]
    [InlineData("meet/../../etc")]
    [InlineData("meet\\..\\..\\etc")]
    [InlineData("%2E%2E%2F%2E%2E%2Fetc")]
    [InlineData("meet%2f..%2f..%2fetc")]
    [InlineData("/etc/passwd")]
    [InlineData("/proc/self")]
    [InlineData("meet\u0000/../etc")]
    [InlineData("~/../../etc")]
    public async Task A_directory_path_out_of_the_data_root_is_a_400_for_one_meet_and_for_the_backlog(string path)
    {
        using var admin = _api.AdminClient();

        var single = await PostAsync(admin, "import-meet/start-import", new { directoryPath = path });
        var backlog = await PostAsync(admin, "import-meet/import-folders", new { directoryPaths = new[] { path } });
        var under = await PostAsync(admin, "import-meet/import-folders", new { under = path });

        Assert.All([single, backlog, under], answer => AssertProblem(answer, HttpStatusCode.BadRequest));
        await AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task A_double_encoded_traversal_is_decoded_once_and_names_a_folder_inside_the_root()
    {
        using var admin = _api.AdminClient();

        var answer = await PostAsync(admin, "import-meet/start-import", new { directoryPath = "%252e%252e%252fetc" });

        AssertProblem(answer, HttpStatusCode.NotFound);
        await AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task A_symlink_deep_inside_the_root_that_leads_out_is_refused()
    {
        var outside = Directory.CreateTempSubdirectory("xc-outside-").FullName;
        try
        {
            var nested = Path.Combine(_api.DataRoot, "season", "week1");
            Directory.CreateDirectory(nested);
            Directory.CreateSymbolicLink(Path.Combine(nested, "meet"), outside);
            MeetFolderWriter.Write(MeetGenerator.Generate(new MeetGeneratorOptions { MeetId = "930002", RaceCount = 2, TotalResults = 20 }), outside, MeetFolderLayout.SingleResults);
            using var admin = _api.AdminClient();

            var single = await PostAsync(admin, "import-meet/start-import", new { directoryPath = "season/week1/meet" });
            var under = await PostAsync(admin, "import-meet/import-folders", new { under = "season" });

            AssertProblem(single, HttpStatusCode.BadRequest);
            Assert.Contains("symbolic link", single.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
            // The backlog walk names the folder it refused instead of importing through the link.
            Assert.DoesNotContain("930002", under.Body.ToString(), StringComparison.Ordinal);
            await AssertNothingWrittenAsync();
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [Fact]
    public async Task A_backlog_naming_a_missing_folder_reports_that_folder_and_starts_the_others()
    {
        // Starting a job needs a silo.
        await using var api = await ApiHost.StartAsync(silo: true);
        WriteMeetFolder(api);
        using var admin = api.AdminClient();

        var answer = await PostAsync(admin, "import-meet/import-folders", new { directoryPaths = new[] { "no-such-meet", "meet" } });

        Assert.True(answer.Status == HttpStatusCode.OK, $"{(int)answer.Status} {answer.Body}");
        var folders = answer.Body.GetProperty("folders").EnumerateArray().ToList();
        Assert.Equal(2, folders.Count);
        Assert.Equal("no-such-meet", folders[0].GetProperty("directoryPath").GetString());
        Assert.Equal("No directory 'no-such-meet' under the data root.", folders[0].GetProperty("error").GetString());
        Assert.Equal(JsonValueKind.Null, folders[0].GetProperty("jobId").ValueKind);
        Assert.Equal(Meet, folders[1].GetProperty("meetId").GetString());
        Assert.Equal(JsonValueKind.String, folders[1].GetProperty("jobId").ValueKind);
        Assert.Equal(1, await api.Database.ScalarAsync<long>("SELECT count(*) FROM import_jobs"));
    }

    [Fact]
    public async Task Problems_never_name_the_server_path_of_the_data_root_or_a_member_of_the_reader()
    {
        File.WriteAllText(Path.Combine(_api.DataRoot, "meet", "results.csv"), "athletic_net_race_id,athlete_name,athlete_school_id,finish\n1,A B,s,1\n");
        using var admin = _api.AdminClient();

        var outside = await PostAsync(admin, "import-meet/start-import", new { directoryPath = "/etc" });
        var column = await PostAsync(admin, "import-meet/start-import", new { directoryPath = "meet" });
        var missing = await PostAsync(admin, "import-meet/start-import", new { directoryPath = "gone" });

        AssertProblem(outside, HttpStatusCode.BadRequest);
        AssertProblem(column, HttpStatusCode.BadRequest);
        AssertProblem(missing, HttpStatusCode.NotFound);
        Assert.Contains("results.csv: missing required column 'time_cs'", column.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.All([outside, column, missing], answer =>
        {
            Assert.DoesNotContain(_api.DataRoot, answer.Body.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("ResultRow", answer.Body.ToString(), StringComparison.Ordinal);
        });
        await AssertNothingWrittenAsync();
    }

    [Theory]
    [InlineData("import-meet/start-import", """{"directoryPath":"meet"}""")]
    [InlineData("import-meet/import-folders", """{"under":"."}""")]
    [InlineData("venues", """{"name":"Intruder Park"}""")]
    [InlineData("maintenance/rebuild-derived", """{}""")]
    [InlineData("maintenance/meets/930001/remove-results", """{}""")]
    public async Task A_write_without_the_token_or_with_a_wrong_one_is_refused_and_writes_nothing(string path, string body)
    {
        using var anonymous = _api.Factory.CreateClient();
        var none = await PostRawAsync(anonymous, path, body);

        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiHost.Token + "x");
        var longer = await PostRawAsync(anonymous, path, body);
        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiHost.Token[..^1]);
        var shorter = await PostRawAsync(anonymous, path, body);
        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + ApiHost.Token)));
        var basic = await PostRawAsync(anonymous, path, body);
        anonymous.DefaultRequestHeaders.Authorization = null;
        anonymous.DefaultRequestHeaders.Add("Cookie", "xc_admin=' OR '1'='1");
        var cookie = await PostRawAsync(anonymous, path, body);

        AssertProblem(none, HttpStatusCode.Unauthorized);
        Assert.All([longer, shorter, basic, cookie], answer => Assert.True(
            answer.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"{path}: {(int)answer.Status} {answer.Body}"));
        await AssertNothingWrittenAsync();
    }

    [Theory]
    [InlineData("""{"meetId":"1234567890123456789012345"}""")]
    [InlineData("""{"meetId":"-5"}""")]
    [InlineData("""{"meetId":"12.5"}""")]
    [InlineData("""{"meetId":"1e3"}""")]
    [InlineData("""{"meetId":" 12"}""")]
    [InlineData("""{"meetId":"١٢٣"}""")]
    [InlineData("""{"meetId":"12; DROP TABLE meets; --"}""")]
    [InlineData("""{"meetId":12345}""")]
    [InlineData("""{"meetId":["12345"]}""")]
    [InlineData("""{"meetId":"12345""")]
    public async Task A_meet_id_that_is_not_1_to_18_ascii_digits_is_a_400_before_the_source_is_asked(string body)
    {
        using var admin = _api.AdminClient();

        var fetch = await PostRawAsync(admin, "import-meet/fetch-metadata", body);
        var scrape = await PostRawAsync(admin, "import-meet/start-scrape", body.TrimEnd('}') + (body.EndsWith('}') ? ""","metadata":{"courses":[]}}""" : ""));

        AssertProblem(fetch, HttpStatusCode.BadRequest);
        AssertProblem(scrape, HttpStatusCode.BadRequest);
        await AssertNothingWrittenAsync();
    }

    [Theory]
    [InlineData("jobs?status=' OR '1'='1")]
    [InlineData("review/athletes?status=pending'--")]
    [InlineData("review/results?meetId=1 OR 1=1")]
    [InlineData("review/athletes?limit=99999999999999")]
    [InlineData("meets/1%20OR%201=1/grain")]
    [InlineData("jobs/00000000-0000-0000-0000-000000000000';DROP TABLE import_jobs;--")]
    [InlineData("courses/search?venueId=00000000-0000-0000-0000-000000000000' OR '1'='1")]
    public async Task Sql_looking_filters_and_ids_are_a_400_not_a_query(string path)
    {
        using var admin = _api.AdminClient();

        using var response = await admin.GetAsync("/api/admin/" + path);

        AssertProblem((response.StatusCode, await ReadAsync(response)), HttpStatusCode.BadRequest);
        await AssertNothingWrittenAsync();
    }

    [Theory]
    [InlineData("' OR 1=1 --")]
    [InlineData("'; DROP TABLE courses; --")]
    [InlineData("%")]
    [InlineData("_")]
    [InlineData("\\")]
    public async Task Sql_looking_course_search_text_is_taken_literally(string query)
    {
        using var admin = _api.AdminClient();
        // A course that a wildcard or an injected OR would find.
        var venue = await PostAsync(admin, "venues", new { name = "Crystal Springs" });
        var venueId = venue.Body.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(admin, "courses", new { venueId, name = "2.95 Miles", distanceMeters = 4747 })).Status);
        using (var plain = await admin.GetAsync("/api/admin/courses/search?query=miles"))
        {
            Assert.Equal(1, (await ReadAsync(plain)).GetArrayLength());
        }

        using var response = await admin.GetAsync($"/api/admin/courses/search?query={Uri.EscapeDataString(query)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, (await ReadAsync(response)).GetArrayLength());
        Assert.Equal(1, await _api.Database.ScalarAsync<long>("SELECT count(*) FROM courses"));
    }

    [Fact]
    public async Task A_nul_character_in_text_is_a_400_not_a_server_error()
    {
        using var admin = _api.AdminClient();

        var venue = await PostAsync(admin, "venues", new { name = "Park\u0000Name" });
        using var search = await admin.GetAsync("/api/admin/venues/search?query=a%00b");

        AssertProblem(venue, HttpStatusCode.BadRequest);
        AssertProblem((search.StatusCode, await ReadAsync(search)), HttpStatusCode.BadRequest);
        await AssertNothingWrittenAsync();
    }

    private async Task AssertNothingWrittenAsync()
    {
        foreach (var table in Written)
        {
            Assert.Equal(0, await _api.Database.ScalarAsync<long>($"SELECT count(*) FROM {table}"));
        }
    }

    private static void AssertProblem((HttpStatusCode Status, JsonElement Body) answer, HttpStatusCode expected)
    {
        Assert.True(answer.Status == expected, $"expected {(int)expected}, got {(int)answer.Status} {answer.Body}");
        Assert.False(string.IsNullOrWhiteSpace(answer.Body.GetProperty("title").GetString()));
        Assert.DoesNotContain("   at ", answer.Body.ToString(), StringComparison.Ordinal);
    }

    private static Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(HttpClient http, string path, object body) =>
        PostRawAsync(http, path, JsonSerializer.Serialize(body));

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostRawAsync(HttpClient http, string path, string body)
    {
        using var response = await http.PostAsync("/api/admin/" + path, new StringContent(body, Encoding.UTF8, "application/json"));
        return (response.StatusCode, await ReadAsync(response));
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
