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

    // A request is logged by the server slightly after the gate stamped its start; this is that slack.
    private static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(100);

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
            Assert.True(next.StartedAt - previous.StartedAt >= Spacing - Slack, $"starts only {(next.StartedAt - previous.StartedAt).TotalMilliseconds} ms apart");
        }
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

    private static void Space(Silo.Sources.SourceOptions options)
    {
        options.Spacing = Spacing;
        options.ResultsSpacing = Spacing;
    }
}
