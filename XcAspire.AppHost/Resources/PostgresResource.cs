using System.Globalization;
using System.Text.RegularExpressions;
using XcAspire.AppHost.Telemetry;

namespace XcAspire.AppHost.Resources;

/// <summary>
/// The AppHost's database: the user's own (ConnectionStrings__xcdb), or a persistent private cluster
/// under .xcaspire/pg, started with scripts/pg-cluster.sh and stopped again when the AppHost stops.
/// The AppHost never runs SQL: the services apply the migrations.
/// </summary>
internal sealed partial class PostgresResource(string repositoryRoot, string clusterDirectory, int port, string? externalConnectionString) : IResource
{
    private bool startedHere;
    private DateTimeOffset? startedAt;

    public string Name => "postgres";

    public RingBuffer<ConsoleLine> Console { get; } = new(200);

    public string ConnectionString { get; private set; } = externalConnectionString ?? string.Empty;

    public bool IsExternal => externalConnectionString is not null;

    public string Description => IsExternal ? "PostgreSQL from ConnectionStrings__xcdb" : $"PostgreSQL cluster {clusterDirectory} on 127.0.0.1:{port}";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (IsExternal)
        {
            return;
        }

        var (code, output, error) = await ShellCommand.RunAsync(Script, ["start", clusterDirectory, port.ToString(CultureInfo.InvariantCulture)], cancellationToken);
        if (code != 0)
        {
            throw new InvalidOperationException("PostgreSQL did not start: " + error.Trim());
        }

        var match = ConnectionPattern().Match(output);
        if (!match.Success)
        {
            throw new InvalidOperationException("pg-cluster.sh printed no connection string: " + output);
        }

        // The cluster is XcAspire's alone, so its default database holds the schema.
        ConnectionString = match.Groups[1].Value;
        startedHere = true;
        startedAt = DateTimeOffset.UtcNow;
        Console.Add(new ConsoleLine(DateTimeOffset.UtcNow, false, $"started {Description}; server log: {Path.Combine(clusterDirectory, "postgres.log")}"));
    }

    public ResourceSnapshot Snapshot()
    {
        if (IsExternal)
        {
            return new ResourceSnapshot(Name, "database", ResourceStates.External, null, null, null, 0, null, CanControl: false);
        }

        var state = startedHere ? ResourceStates.Running : ResourceStates.Stopped;
        return new ResourceSnapshot(Name, "database", state, startedHere ? ServerProcessId() : null, $"postgresql://127.0.0.1:{port}", startedAt, 0, null, CanControl: false);
    }

    /// <summary>The postmaster's pid: the first line of postmaster.pid while the server runs.</summary>
    public int? ServerProcessId()
    {
        try
        {
            var first = File.ReadLines(Path.Combine(clusterDirectory, "data", "postmaster.pid")).FirstOrDefault();
            return int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    public async Task StopAsync()
    {
        if (!startedHere)
        {
            return;
        }

        await ShellCommand.RunAsync(Script, ["stop", clusterDirectory], CancellationToken.None);
        startedHere = false;
        Console.Add(new ConsoleLine(DateTimeOffset.UtcNow, false, "stopped"));
    }

    private string Script => Path.Combine(repositoryRoot, "scripts", "pg-cluster.sh");

    [GeneratedRegex("XC_PG_CONN='([^']+)'")]
    private static partial Regex ConnectionPattern();
}
