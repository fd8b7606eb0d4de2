using System.Net;
using XcAspire.Silo.Sources.Sample;

namespace XcAspire.Reliability.Tests;

/// <summary>
/// A source that answers with nothing, half an answer, an endless one or JSON in a shape it never
/// uses, met through the API as an operator meets it: the call or the job says why, and the database
/// holds nothing of the meet. (The readers' own tests are in XcAspire.Sources.Tests.)
/// </summary>
public sealed class HostileSourceTests
{
    private static readonly string[] MeetTables = ["meets", "races", "schools", "athletes", "results", "non_finishers"];

    [Theory]
    // Athletic.net answers an unknown meet with an empty body.
    [InlineData(SampleFault.EmptyBody, HttpStatusCode.NotFound, "was not found at the source")]
    [InlineData(SampleFault.WrongJson, HttpStatusCode.BadGateway, "could not be read")]
    [InlineData(SampleFault.HugeBody, HttpStatusCode.BadGateway, "larger than Source:MaxResponseSize")]
    [InlineData(SampleFault.HtmlPage, HttpStatusCode.BadGateway, "HTML page")]
    public async Task Meet_data_the_client_cannot_read_is_answered_with_why_and_writes_nothing(SampleFault fault, HttpStatusCode expected, string reason)
    {
        var meet = HostileRig.Meet("962001", 60);
        await using var rig = await StartAsync(meet, Faulted("GetMeetData", fault));
        using var api = rig.AdminClient();
        var before = await DomainCounts.CaptureAsync(rig.Database.DataSource);

        var (status, body) = await api.PostAsync("import-meet/fetch-metadata", new { meetId = "962001" });

        Assert.Equal(expected, status);
        Assert.Contains(reason, body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await DomainCounts.CaptureAsync(rig.Database.DataSource));
    }

    [Theory]
    [InlineData(SampleFault.EmptyBody, "not valid JSON")]
    [InlineData(SampleFault.WrongJson, "could not be read")]
    [InlineData(SampleFault.HugeBody, "larger than Source:MaxResponseSize")]
    // Where the drop lands decides whether the client sees a cut-off answer or a failed connection;
    // either way the race's errors name the call.
    [InlineData(SampleFault.TruncatedBody, "GetAllResultsData")]
    public async Task Results_the_client_cannot_read_fail_the_races_with_the_reason_and_import_no_row(SampleFault fault, string reason)
    {
        var meet = HostileRig.Meet("962002", 60);
        await using var rig = await StartAsync(meet, Faulted("GetAllResultsData", fault));
        using var api = rig.AdminClient();
        var (fetched, metadata) = await api.PostAsync("import-meet/fetch-metadata", new { meetId = "962002" });
        Assert.Equal(HttpStatusCode.OK, fetched);

        var (started, job) = await api.PostAsync(
            "import-meet/start-scrape", new { meetId = "962002", metadata = AdminApi.NewVenueAndCourses(metadata), autoImport = true });
        Assert.Equal(HttpStatusCode.OK, started);
        var jobId = job.GetProperty("jobId").GetString()!;
        var end = await new JobWaiter(api).WaitForEndAsync(jobId);

        Assert.Equal("completed_with_errors", end.GetProperty("status").GetString());
        var (_, detail) = await api.GetAsync($"jobs/{jobId}");
        Assert.True(detail.ToString().Contains(reason, StringComparison.Ordinal), detail.ToString());
        var counts = await DomainCounts.CaptureAsync(rig.Database.DataSource);
        Assert.All(MeetTables, table => Assert.Equal(0, counts[table]));
    }

    /// <summary>A rig whose endless answer is cut at 1 MiB, well within its 2 s request timeout.</summary>
    private static Task<ImportRig> StartAsync(Silo.MeetData.MeetSnapshot meet, SampleFaultPlan faults) =>
        ImportRig.StartAsync([meet], faults, silos: 1, maxAttempts: 2, settings: new Dictionary<string, string?> { ["Source:MaxResponseSize"] = "1048576" });

    private static SampleFaultPlan Faulted(string path, SampleFault fault) => new() { Rules = [new SampleFaultRule(path, fault, Rate: 1.0)] };
}
