namespace XcAspire.AppHost.Postgres;

/// <summary>
/// Where the AppHost's cluster lives (<c>.xcaspire/pg</c>) and who runs it: as root, the
/// <c>postgres</c> user (initdb and postgres refuse root); as anyone else, that user.
/// </summary>
public sealed record ClusterLayout(string Directory, string BinDirectory, string? RunAs)
{
    public string DataDirectory => Path.Combine(Directory, "data");

    /// <summary>The Unix socket's directory: 0700 and the cluster's user's, so no other local user reaches the socket.</summary>
    public string SocketDirectory => Path.Combine(Directory, "sock");

    /// <summary>The superuser's generated password: 0600, the AppHost's user's; never printed.</summary>
    public string PasswordFile => Path.Combine(Directory, "password");

    public string Server => Path.Combine(BinDirectory, "postgres");

    public bool IsInitialised => File.Exists(Path.Combine(DataDirectory, "PG_VERSION"));

    public static ClusterLayout For(string directory, string? binDirectory = null) =>
        new(Path.GetFullPath(directory), binDirectory ?? NewestServerBinaries(), Environment.UserName == "root" ? "postgres" : null);

    /// <summary>How to run one of the server's programs as the cluster's user: setpriv replaces itself, so signals reach the program.</summary>
    public (string Command, List<string> Arguments) AsClusterUser(string program, params string[] arguments) =>
        RunAs is null
            ? (program, [.. arguments])
            : ("/usr/bin/setpriv", [$"--reuid={RunAs}", $"--regid={RunAs}", "--init-groups", program, .. arguments]);

    private static string NewestServerBinaries() =>
        System.IO.Directory.Exists("/usr/lib/postgresql")
            ? System.IO.Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderBy(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var major) ? major : 0)
                .LastOrDefault() ?? throw MissingServer()
            : throw MissingServer();

    private static InvalidOperationException MissingServer() =>
        new("PostgreSQL's server binaries are missing (/usr/lib/postgresql/*/bin): apt-get install -y postgresql (./xc run installs it), or set ConnectionStrings__xcdb.");
}
