using XcAspire.Silo.Sources;
using XcAspire.Silo.Sources.Sample;
using XcAspire.Testing;

namespace XcAspire.Sources.Tests;

public sealed class FaultTests
{
    private const string WholeMeet = "GetAllResultsData";

    [Theory]
    [InlineData(SampleFault.ServerError, 2)]
    [InlineData(SampleFault.TooManyRequests, 1)]
    [InlineData(SampleFault.Timeout, 1)]
    [InlineData(SampleFault.TruncatedBody, 2)]
    public async Task Transient_faults_are_retried_and_the_meet_recovers(SampleFault fault, int times)
    {
        var faults = new SampleFaultPlan { Rules = [new SampleFaultRule(WholeMeet, fault, FirstCalls: times)] };
        await using var harness = await SourceHarness.StartAsync(faults);

        var snapshot = await harness.Scraper(o => o.RequestTimeout = TimeSpan.FromSeconds(1))
            .ScrapeMeetAsync(harness.MeetId, Guid.NewGuid(), CancellationToken.None);

        Assert.Equal(harness.Meet.Results.Select(SourceHarness.Key), snapshot.Results.Select(SourceHarness.Key));
        Assert.Equal(times + 1, harness.Source.Requests.Count(WholeMeet));
        Assert.Equal(times, harness.Source.Requests.All.Count(r => r.Fault == fault));
    }

    [Fact]
    public async Task A_fault_that_persists_ends_as_unavailable_after_the_retries_and_stores_nothing()
    {
        var faults = new SampleFaultPlan { Rules = [new SampleFaultRule(WholeMeet, SampleFault.ServerError, Rate: 1.0)] };
        await using var harness = await SourceHarness.StartAsync(faults);
        var jobId = Guid.NewGuid();

        var error = await Assert.ThrowsAsync<SourceUnavailableException>(
            () => harness.Scraper(o => o.MaxRetries = 2).FetchMeetAsync(harness.MeetId, jobId, CancellationToken.None));

        Assert.True(error.IsTransient);
        Assert.Contains("HTTP 500", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, harness.Source.Requests.Count(WholeMeet));
        // Only GetMeetData's answer is kept; no half-read results.
        Assert.Equal(1, await harness.Store.CountAsync(jobId, CancellationToken.None));
    }

    [Theory]
    [InlineData("GetMeetData")]
    [InlineData(WholeMeet)]
    public async Task A_challenge_page_stops_at_once_with_a_clear_error(string path)
    {
        var faults = new SampleFaultPlan { Rules = [new SampleFaultRule(path, SampleFault.Challenge, Rate: 1.0)] };
        await using var harness = await SourceHarness.StartAsync(faults);

        var error = await Assert.ThrowsAsync<SourceChallengeException>(
            () => harness.Scraper().FetchMeetAsync(harness.MeetId, Guid.NewGuid(), CancellationToken.None));

        Assert.False(error.IsTransient);
        Assert.Contains("Cloudflare challenge", error.Message, StringComparison.Ordinal);
        Assert.Contains("directoryPath", error.Message, StringComparison.Ordinal);
        // Never worked around, never retried.
        Assert.Equal(1, harness.Source.Requests.Count(path));
    }

    [Fact]
    public async Task Html_where_json_was_expected_is_not_taken_for_a_challenge()
    {
        var faults = new SampleFaultPlan { Rules = [new SampleFaultRule("GetMeetData", SampleFault.HtmlPage, Rate: 1.0)] };
        await using var harness = await SourceHarness.StartAsync(faults);

        var error = await Assert.ThrowsAsync<SourceChallengeException>(
            () => harness.Scraper().FetchMetadataAsync(harness.MeetId, CancellationToken.None));

        Assert.Contains("HTML page (HTTP 200) where JSON was expected", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, harness.Source.Requests.Count("GetMeetData"));
    }

    [Fact]
    public async Task Json_in_an_unknown_shape_fails_without_retrying_and_is_not_stored()
    {
        var faults = new SampleFaultPlan { Rules = [new SampleFaultRule(WholeMeet, SampleFault.WrongJson, Rate: 1.0)] };
        await using var harness = await SourceHarness.StartAsync(faults);
        var jobId = Guid.NewGuid();

        var error = await Assert.ThrowsAsync<SourceResponseInvalidException>(
            () => harness.Scraper().FetchMeetAsync(harness.MeetId, jobId, CancellationToken.None));

        Assert.False(error.IsTransient);
        Assert.Contains("neither 'flatEvents' nor 'results'", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, harness.Source.Requests.Count(WholeMeet));
        Assert.Equal(1, await harness.Store.CountAsync(jobId, CancellationToken.None));
    }

    [Theory]
    [InlineData(SampleFault.EmptyBody, "not valid JSON")]
    [InlineData(SampleFault.HugeBody, "larger than Source:MaxResponseSize (1,048,576 bytes)")]
    public async Task An_empty_or_endless_answer_fails_without_retrying_and_is_not_stored(SampleFault fault, string reason)
    {
        var faults = new SampleFaultPlan { Rules = [new SampleFaultRule(WholeMeet, fault, Rate: 1.0)] };
        await using var harness = await SourceHarness.StartAsync(faults);
        var jobId = Guid.NewGuid();

        var error = await Assert.ThrowsAsync<SourceResponseInvalidException>(
            () => harness.Scraper(o => o.MaxResponseSize = 1024 * 1024).FetchMeetAsync(harness.MeetId, jobId, CancellationToken.None));

        Assert.False(error.IsTransient);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        // The source logs a call when it ends: the endless one ends when it notices the client left.
        await Eventually.WaitAsync(() => harness.Source.Requests.Count(WholeMeet) > 0, TimeSpan.FromSeconds(30), "the refused call to be logged");
        Assert.Equal(1, harness.Source.Requests.Count(WholeMeet));
        // Only GetMeetData's answer is kept.
        Assert.Equal(1, await harness.Store.CountAsync(jobId, CancellationToken.None));
    }

    [Fact]
    public async Task A_rejected_token_is_forgotten_so_the_retry_fetches_a_fresh_one()
    {
        var faults = new SampleFaultPlan { Rules = [new SampleFaultRule(WholeMeet, SampleFault.TokenRejected, FirstCalls: 1)] };
        await using var harness = await SourceHarness.StartAsync(faults);
        var jobId = Guid.NewGuid();
        var scraper = harness.Scraper();

        var error = await Assert.ThrowsAsync<SourceTokenRejectedException>(() => scraper.FetchMeetAsync(harness.MeetId, jobId, CancellationToken.None));
        Assert.True(error.IsTransient);
        Assert.Equal(0, await harness.Store.CountAsync(jobId, CancellationToken.None));

        await scraper.FetchMeetAsync(harness.MeetId, jobId, CancellationToken.None);

        Assert.Equal(2, harness.Source.Requests.Count("GetMeetData"));
        Assert.Equal(2, await harness.Store.CountAsync(jobId, CancellationToken.None));
    }
}
