using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using XcAspire.ServiceDefaults;
using XcAspire.Silo.Sources;
using XcAspire.Silo.Sources.Sample;

namespace XcAspire.Sources.Tests;

/// <summary>
/// The source client as the services build it, on top of the service defaults, whose standard resilience
/// handler every other HttpClient gets: the source client must not, or a 429 would be retried inside
/// HttpClient, outside the politeness gate, and no other silo would learn of the Retry-After.
/// </summary>
public sealed class SourceClientResilienceTests
{
    private const string WholeMeet = "GetAllResultsData";

    [Fact]
    public async Task A_429_gives_exactly_one_more_request_after_its_retry_after_and_every_silo_learns_of_it()
    {
        var faults = new SampleFaultPlan { Rules = [new SampleFaultRule(WholeMeet, SampleFault.TooManyRequests, FirstCalls: 1, RetryAfterSeconds: 2)] };
        await using var harness = await SourceHarness.StartAsync(faults);
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:xcdb"] = harness.Database.ConnectionString,
            ["Source:BaseUrl"] = harness.Source.BaseUrl.ToString(),
            ["Source:Spacing"] = "00:00:00.020",
            ["Source:ResultsSpacing"] = "00:00:00.020",
        });
        builder.AddServiceDefaults();
        builder.Services.AddXcSources(builder.Configuration);
        using var host = builder.Build();

        var snapshot = await host.Services.GetRequiredService<MeetScraper>().ScrapeMeetAsync(harness.MeetId, Guid.NewGuid(), CancellationToken.None);

        Assert.Equal(harness.Meet.Results.Count, snapshot.Results.Count);
        var calls = harness.Source.Requests.All.Where(r => r.Path.Contains(WholeMeet, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, calls.Count);
        Assert.Equal(SampleFault.TooManyRequests, calls[0].Fault);
        Assert.True(calls[1].StartedAt >= calls[0].StartedAt.AddSeconds(2), $"asked again at {calls[1].StartedAt:O}, before the Retry-After of the 429 at {calls[0].StartedAt:O}");
        // The 429 reached the gate (not a handler inside HttpClient): the host's block is in the database for every silo.
        await using var throttled = harness.Database.DataSource.CreateCommand("SELECT sum(throttled) FROM source_hosts WHERE blocked_until IS NOT NULL");
        Assert.Equal(1L, Convert.ToInt64(await throttled.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
    }
}
