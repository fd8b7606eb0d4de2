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
    string? ExternalConnectionString,
    string AdminToken,
    bool AdminTokenGenerated,
    string DataRoot)
{
    public string StateDirectory => Path.Combine(RepositoryRoot, ".xcaspire");

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
        return new AppHostOptions(
            RepositoryRoot: root,
            BuildConfiguration: typeof(AppHostOptions).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(a => a.Key == "XcAspire.BuildConfiguration")?.Value ?? "Debug",
            Silos: silos,
            ApiPort: Port(Env("XC_API_PORT"), 5170),
            PostgresPort: Port(Env("XC_PG_PORT"), 55432),
            ExternalConnectionString: Env("ConnectionStrings__xcdb"),
            AdminToken: token ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)),
            AdminTokenGenerated: token is null,
            DataRoot: Path.GetFullPath(Env("XC_DATA_ROOT") ?? Path.Combine(root, ".xcaspire", "data")));
    }

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
