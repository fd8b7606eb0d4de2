using XcAspire.Silo.Sources.Sample;

namespace XcAspire.Sources.Tests;

/// <summary>
/// Two scrapers with their own HttpClients share one database, as two silos do. What is checked is
/// order on the sample source's clock: requests never overlap, starts keep the spacing, and nobody
/// sends during a Retry-After block.
/// </summary>
public sealed class PolitenessTests
{
    private static readonly TimeSpan Spacing = TimeSpan.FromMilliseconds(400);

    [Fact]
    public async Task Two_silos_send_one_request_at_a_time_with_the_spacing_between_starts()
    {
        await using var harness = await SourceHarness.StartAsync(SampleFaultPlan.WithLatency(TimeSpan.FromMilliseconds(50)));
        var silos = new[] { harness.Scraper(Space), harness.Scraper(Space) };

        await Task.WhenAll(silos.Select(async silo =>
        {
            for (var i = 0; i < 3; i++)
            {
                await silo.FetchMetadataAsync(harness.MeetId, CancellationToken.None);
            }
        }));

        var requests = harness.Source.Requests.All;
        Assert.Equal(6, requests.Count);
        foreach (var (previous, next) in requests.Zip(requests.Skip(1)))
        {
            Assert.True(next.StartedAt >= previous.EndedAt, $"overlap: {previous.Path} ended {previous.EndedAt:O}, next started {next.StartedAt:O}");
        }

        // Spacing is measured over the whole run: one request's late arrival at the server (a busy machine)
        // shortens one gap and lengthens the next, but cannot shorten the sum by more than one spacing.
        var span = requests[^1].StartedAt - requests[0].StartedAt;
        Assert.True(span >= (requests.Count - 2) * Spacing, $"6 requests started within {span.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task A_429_Retry_After_holds_every_silo()
    {
        var faults = new SampleFaultPlan { Rules = [new SampleFaultRule("GetMeetData", SampleFault.TooManyRequests, FirstCalls: 1, RetryAfterSeconds: 1)] };
        await using var harness = await SourceHarness.StartAsync(faults);
        var first = harness.Scraper();
        var second = harness.Scraper();

        await first.FetchMetadataAsync(harness.MeetId, CancellationToken.None);
        await second.FetchMetadataAsync(harness.MeetId, CancellationToken.None);

        var requests = harness.Source.Requests.All;
        var throttled = Assert.Single(requests, r => r.Status == 429);
        Assert.All(requests.Where(r => r != throttled), r =>
            Assert.True(r.StartedAt >= throttled.EndedAt + TimeSpan.FromSeconds(1) - TimeSpan.FromMilliseconds(20),
                $"sent {(r.StartedAt - throttled.EndedAt).TotalMilliseconds} ms after a 429 asking for 1 s"));
        await using var command = harness.Database.DataSource.CreateCommand("SELECT throttled FROM source_hosts");
        Assert.Equal(1L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_Retry_After_longer_than_the_limit_fails_as_unavailable_instead_of_waiting()
    {
        var faults = new SampleFaultPlan { Rules = [new SampleFaultRule("GetMeetData", SampleFault.TooManyRequests, FirstCalls: 1, RetryAfterSeconds: 600)] };
        await using var harness = await SourceHarness.StartAsync(faults);

        var error = await Assert.ThrowsAsync<Silo.Sources.SourceUnavailableException>(
            () => harness.Scraper(o => o.MaxRetryAfter = TimeSpan.FromSeconds(5)).FetchMetadataAsync(harness.MeetId, CancellationToken.None));

        Assert.True(error.IsTransient);
        Assert.Contains("Retry-After", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, harness.Source.Requests.Count("GetMeetData"));
    }

    private static void Space(Silo.Sources.SourceOptions options)
    {
        options.Spacing = Spacing;
        options.ResultsSpacing = Spacing;
    }
}
