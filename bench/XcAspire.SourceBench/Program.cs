using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using XcAspire.Silo.Sources;
using XcAspire.Silo.Sources.AthleticNet;
using XcAspire.Silo.Sources.Politeness;
using XcAspire.Silo.Sources.Sample;
using XcAspire.Silo.Sources.Storage;
using XcAspire.SourceBench;

// An 84-race meet from the sample source with 200 ms latency per call, scraped through the real client
// (PostgreSQL politeness gate and response store): wall time against the time the spacing and latency imply.
var latency = TimeSpan.FromMilliseconds(200);
var meet = SampleMeets.LargeMeet("920084");
await using var database = await BenchDatabase.CreateAsync();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"sourcebench: {meet.Races.Count} races, {meet.Results.Count:N0} results, {latency.TotalMilliseconds:F0} ms latency per call"));

// A first run (not reported) so what is measured is the steady state, not the JIT's first pass.
await RunAsync("warm-up", new SampleShape(), new SourceOptions(), report: false);
var failed = false;
failed |= !await RunAsync("whole meet (GetMeetData + GetAllResultsData), default spacing 1 s / 2 s", new SampleShape(), new SourceOptions());
// Every race missing from the whole-meet answer: one GetResultsData3 per race. At the default 2 s this
// is 3 minutes of waiting by design, so the results spacing is shortened to show our own overhead.
var perRace = new SampleShape { RacesMissingFromWholeMeet = meet.Races.Select(r => r.AthleticNetRaceId).ToHashSet() };
failed |= !await RunAsync("per race (GetResultsData3 x 84), spacing 0.25 s", perRace,
    new SourceOptions { Spacing = TimeSpan.FromMilliseconds(250), ResultsSpacing = TimeSpan.FromMilliseconds(250) });
return failed ? 1 : 0;

async Task<bool> RunAsync(string name, SampleShape shape, SourceOptions options, bool report = true)
{
    await using var source = await SampleSource.StartAsync(new InMemorySampleMeetCatalog([meet]), SampleFaultPlan.WithLatency(latency), shape: shape);
    options.BaseUrl = source.BaseUrl.ToString();
    var client = AthleticNetClient.Create(options, new PostgresHostGate(database.DataSource, Options.Create(options)));
    var scraper = new MeetScraper(client, new SourceResponseStore(database.DataSource), Options.Create(options));

    var clock = Stopwatch.StartNew();
    var snapshot = await scraper.ScrapeMeetAsync(meet.Meet.AthleticNetMeetId, Guid.NewGuid(), CancellationToken.None);
    var wall = clock.Elapsed;

    var calls = source.Requests.All;
    var implied = Implied(calls, options, latency);
    var rowsMatch = snapshot.Results.Count == meet.Results.Count && snapshot.Rejected.Count == 0;
    if (!report)
    {
        return rowsMatch;
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  {name}: {calls.Count} calls, wall {wall.TotalSeconds:F2} s, politeness implies {implied.TotalSeconds:F2} s " +
        $"(overhead {(wall - implied).TotalSeconds:F2} s), rows {snapshot.Results.Count:N0}{(rowsMatch ? "" : " MISMATCH")}"));
    return rowsMatch;
}

// The fastest any polite client could go: each call starts a spacing after the previous start (or when
// the previous ends, if later) and takes the latency.
static TimeSpan Implied(IReadOnlyList<SampleRequest> calls, SourceOptions options, TimeSpan latency)
{
    TimeSpan? start = null;
    var end = TimeSpan.Zero;
    foreach (var call in calls)
    {
        var spacing = call.Path.Contains("Results", StringComparison.Ordinal) ? options.ResultsSpacing : options.Spacing;
        start = start is null ? TimeSpan.Zero : Max(start.Value + spacing, end);
        end = start.Value + latency;
    }

    return end;
}

static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
