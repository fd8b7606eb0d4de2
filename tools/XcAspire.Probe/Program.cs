using XcAspire.Silo.Sources;
using XcAspire.Silo.Sources.AthleticNet;
using XcAspire.Silo.Sources.Politeness;
using XcAspire.Silo.Sources.Probe;

// ./xc probe <meetId> [--base-url URL]: fetch one live meet through the client, print what was read, write nothing.
if (args.Length == 0 || !args[0].All(char.IsAsciiDigit))
{
    Console.Error.WriteLine("usage: xc probe <meetId> [--base-url https://www.athletic.net]");
    return 2;
}

var options = new SourceOptions();
var baseUrl = args.SkipWhile(a => a != "--base-url").Skip(1).FirstOrDefault() ?? Environment.GetEnvironmentVariable("XC_SOURCE_URL");
if (!string.IsNullOrEmpty(baseUrl))
{
    options.BaseUrl = baseUrl;
}

// One try per call: a person is watching, and a challenge or an outage should show at once.
options.MaxRetries = 1;
using var cancel = new CancellationTokenSource(options.ScrapeTimeout);
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
try
{
    var probe = new MeetProbe(AthleticNetClient.Create(options, new InProcessHostGate()), Console.Out);
    await probe.RunAsync(args[0], cancel.Token);
    return 0;
}
catch (SourceException e)
{
    Console.Error.WriteLine($"probe: {e.Message}");
    return 1;
}
