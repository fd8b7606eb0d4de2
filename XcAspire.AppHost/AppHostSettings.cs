using System.Globalization;
using System.Security.Cryptography;

namespace XcAspire.AppHost;

/// <summary>
/// What a local run is made of, from the AppHost's configuration: <c>--silos N</c> and the
/// environment <c>./xc run</c> was given (every key has a default).
/// </summary>
public sealed record AppHostSettings(
    int Silos,
    int ApiPort,
    int PostgresPort,
    int SampleSourcePort,
    string StateDirectory,
    string DataRoot,
    string? ExternalConnectionString,
    string? SourceUrl,
    string AdminToken,
    bool AdminTokenGenerated)
{
    /// <summary>Grain state and reminders are keyed by it: the same in every run, or every job would be orphaned.</summary>
    public const string OrleansServiceId = "xcaspire";

    public const string OrleansClusterId = "xcaspire";

    public bool RunsSampleSource => SourceUrl is null;

    public string ClusterDirectory => Path.Combine(StateDirectory, "pg");

    public static AppHostSettings From(IConfiguration configuration, string repositoryRoot)
    {
        string? Value(string key) => configuration[key] is { Length: > 0 } value ? value : null;

        var state = Path.GetFullPath(Value("XC_STATE_DIR") ?? Path.Combine(repositoryRoot, ".xcaspire"));
        var token = Value("XC_ADMIN_TOKEN") ?? Value("Admin:Token");
        return new AppHostSettings(
            Silos: Number(Value("silos") ?? Value("XC_SILOS"), 2, 1, 16, "--silos"),
            ApiPort: Number(Value("XC_API_PORT"), 5170, 1, 65535, "XC_API_PORT"),
            PostgresPort: Number(Value("XC_PG_PORT"), 55432, 1, 65535, "XC_PG_PORT"),
            SampleSourcePort: Number(Value("XC_SAMPLE_SOURCE_PORT"), 5171, 1, 65535, "XC_SAMPLE_SOURCE_PORT"),
            StateDirectory: state,
            DataRoot: Path.GetFullPath(Value("XC_DATA_ROOT") ?? Value("Data:Root") ?? Path.Combine(state, "data")),
            ExternalConnectionString: Value("ConnectionStrings:xcdb"),
            // A source of the user's turns the sample source off; so does XC_SAMPLE_SOURCE=off (then Athletic.net).
            SourceUrl: Value("Source:BaseUrl") ?? Value("XC_SOURCE_URL")
                ?? (Value("XC_SAMPLE_SOURCE") is "off" or "0" or "false" ? "https://www.athletic.net" : null),
            AdminToken: token ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)),
            AdminTokenGenerated: token is null);
    }

    private static int Number(string? text, int fallback, int min, int max, string name) =>
        text is null ? fallback
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max ? value
        : throw new ArgumentException($"{name} takes a number from {min} to {max}, not '{text}'.");
}
