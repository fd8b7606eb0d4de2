using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;

namespace XcAspire.AppHost.Hosting;

/// <summary>Everything the AppHost decides before it starts anything: from the command line and the environment.</summary>
public sealed record AppHostOptions(
    string RepositoryRoot,
    string BuildConfiguration,
    int Silos,
    int ApiPort,
    int PostgresPort,
    int DashboardPort,
    string? ExternalConnectionString,
    string AdminToken,
    bool AdminTokenGenerated,
    string DataRoot,
    string StateDirectory,
    int? SampleSourcePort)
{
    public string ClusterDirectory => Path.Combine(StateDirectory, "pg");

    public static AppHostOptions From(string[] args, IDictionary environment)
    {
        string? Env(string name) => environment[name] is string value && value.Length > 0 ? value : null;

        var silos = 2;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--silos" && i + 1 < args.Length && int.TryParse(args[i + 1], out var n) && n is >= 1 and <= 16)
            {
                silos = n;
                i++;
            }
            else
            {
                throw new ArgumentException($"Unknown or invalid argument '{args[i]}'. Usage: ./xc run [--silos N] (N from 1 to 16)");
            }
        }

        var root = FindRepositoryRoot();
        var token = Env("XC_ADMIN_TOKEN");
        // XC_STATE_DIR moves the cluster, the lock and the default data root (tests use their own).
        var state = Path.GetFullPath(Env("XC_STATE_DIR") ?? Path.Combine(root, ".xcaspire"));
        return new AppHostOptions(
            RepositoryRoot: root,
            BuildConfiguration: typeof(AppHostOptions).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(a => a.Key == "XcAspire.BuildConfiguration")?.Value ?? "Debug",
            Silos: silos,
            ApiPort: Port(Env("XC_API_PORT"), 5170),
            PostgresPort: Port(Env("XC_PG_PORT"), 55432),
            DashboardPort: Port(Env("XC_DASHBOARD_PORT"), 18888),
            ExternalConnectionString: Env("ConnectionStrings__xcdb"),
            AdminToken: token ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)),
            AdminTokenGenerated: token is null,
            DataRoot: Path.GetFullPath(Env("XC_DATA_ROOT") ?? Path.Combine(state, "data")),
            StateDirectory: state,
            SampleSourcePort: SampleSource(Env));
    }

    /// <summary>
    /// The sample source's port, or null when it is off: XC_SAMPLE_SOURCE=off, or a source chosen by the
    /// user (XC_SOURCE_URL or Source__BaseUrl, e.g. https://www.athletic.net).
    /// </summary>
    private static int? SampleSource(Func<string, string?> env) =>
        env("XC_SAMPLE_SOURCE") is "off" or "0" or "false" || env("XC_SOURCE_URL") is not null || env("Source__BaseUrl") is not null
            ? null
            : Port(env("XC_SAMPLE_SOURCE_PORT"), 5171);

    private static int Port(string? value, int fallback) =>
        value is null ? fallback
        : int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536 ? port
        : throw new ArgumentException($"'{value}' is not a TCP port.");

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "XcAspire.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("XcAspire.sln not found above " + AppContext.BaseDirectory + "; run the AppHost from a checkout.");
    }
}
