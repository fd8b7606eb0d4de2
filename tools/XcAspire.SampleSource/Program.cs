using System.Globalization;
using XcAspire.Silo.Sources.Sample;

// The sample source on its own, for offline runs: dotnet run --project tools/XcAspire.SampleSource -- --port 5171
var port = int.Parse(Option("--port") ?? "5171", CultureInfo.InvariantCulture);
var host = Option("--host") ?? "127.0.0.1";
var latency = TimeSpan.FromMilliseconds(int.Parse(Option("--latency-ms") ?? "0", CultureInfo.InvariantCulture));

var catalog = SampleMeets.DefaultCatalog();
await using var source = await SampleSource.StartAsync(catalog, SampleFaultPlan.WithLatency(latency), port, host);
Console.WriteLine($"Sample source on {source.BaseUrl} serving meets {string.Join(", ", catalog.MeetIds.Order(StringComparer.Ordinal))}, " +
                  $"and the {SampleMeets.SeasonYear} seasons of schools {SampleMeets.SeasonSchoolId} and 7002");

// Ctrl+C and SIGTERM reach the server's host, which stops it; waiting on anything else (the process's
// exit, which that host holds off) left SIGTERM unanswered until the AppHost killed the process.
await source.WaitForShutdownAsync();
Console.WriteLine("Sample source stopping.");

string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
