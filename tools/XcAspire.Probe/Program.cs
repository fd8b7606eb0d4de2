using System.Globalization;
using XcAspire.Silo.Sources;
using XcAspire.Silo.Sources.AthleticNet;
using XcAspire.Silo.Sources.Politeness;
using XcAspire.Silo.Sources.Probe;

// ./xc probe <meetId> | --season <schoolId> <year> [--base-url URL]: fetch one live meet (or one school's
// season calendar) through the client, print what was read, write nothing.
var season = args.Length >= 3 && args[0] == "--season";
if (!(season ? IsId(args[1]) && IsYear(args[2]) : args.Length > 0 && IsId(args[0])))
{
    Console.Error.WriteLine("usage: xc probe <meetId> [--base-url https://www.athletic.net]");
    Console.Error.WriteLine("       xc probe --season <schoolId> <year> [--base-url https://www.athletic.net]");
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
    var client = AthleticNetClient.Create(options, new InProcessHostGate());
    if (season)
    {
        await new SeasonProbe(client, Console.Out).RunAsync(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), cancel.Token);
    }
    else
    {
        await new MeetProbe(client, Console.Out).RunAsync(args[0], cancel.Token);
    }

    return 0;
}
catch (SourceException e)
{
    Console.Error.WriteLine($"probe: {e.Message}");
    return 1;
}

static bool IsId(string text) => text.Length is > 0 and <= 18 && text.All(char.IsAsciiDigit);

static bool IsYear(string text) => text.Length == 4 && text.All(char.IsAsciiDigit);
