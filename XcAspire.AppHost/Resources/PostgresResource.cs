using System.Text.RegularExpressions;

namespace XcAspire.AppHost.Resources;

/// <summary>
/// The AppHost's database: the user's own (ConnectionStrings__xcdb), or a persistent private cluster
/// under .xcaspire/pg, started with scripts/pg-cluster.sh and stopped again when the AppHost stops.
/// The AppHost never runs SQL: the services apply the migrations.
/// </summary>
internal sealed partial class PostgresResource(string repositoryRoot, string clusterDirectory, int port, string? externalConnectionString)
{
    private bool startedHere;

    public string ConnectionString { get; private set; } = externalConnectionString ?? string.Empty;

    public bool IsExternal => externalConnectionString is not null;

    public string Description => IsExternal ? "PostgreSQL from ConnectionStrings__xcdb" : $"PostgreSQL cluster {clusterDirectory} on 127.0.0.1:{port}";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (IsExternal)
        {
            return;
        }

        var (code, output, error) = await ShellCommand.RunAsync(Script, ["start", clusterDirectory, port.ToString(System.Globalization.CultureInfo.InvariantCulture)], cancellationToken);
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
    }

    public async Task StopAsync()
    {
        if (!startedHere)
        {
            return;
        }

        await ShellCommand.RunAsync(Script, ["stop", clusterDirectory], CancellationToken.None);
        startedHere = false;
    }

    private string Script => Path.Combine(repositoryRoot, "scripts", "pg-cluster.sh");

    [GeneratedRegex("XC_PG_CONN='([^']+)'")]
    private static partial Regex ConnectionPattern();
}
