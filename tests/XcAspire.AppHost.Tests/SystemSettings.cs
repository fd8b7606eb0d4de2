namespace XcAspire.AppHost.Tests;

/// <summary>
/// What a test's AppHost is started with: its own state directory (its PostgreSQL cluster, lock and
/// data root) and its own free ports for the services, the same for every start of it, as two
/// `./xc run`s in one checkout would have.
/// </summary>
public sealed record SystemSettings(string StateDirectory, int ApiPort, int PostgresPort, int SampleSourcePort, string AdminToken, int Silos)
{
    public Uri ApiUrl => new($"http://127.0.0.1:{ApiPort}");


    public string ClusterDirectory => Path.Combine(StateDirectory, "pg");

    public static SystemSettings New(int silos = 2)
    {
        // Under /tmp and open to traversal: as root the cluster runs as the postgres user, who must reach its folder.
        var state = Directory.CreateTempSubdirectory("xc-apphost-test-").FullName;
        File.SetUnixFileMode(state, (UnixFileMode)0b111_101_101);
        return new SystemSettings(state, FreePorts.Next(), FreePorts.Next(), FreePorts.Next(), Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()), silos);
    }

    /// <summary>The AppHost's command line: what `./xc run` would pass in its environment.</summary>
    public string[] Arguments() =>
    [
        $"--silos={Silos}",
        $"--XC_STATE_DIR={StateDirectory}",
        $"--XC_API_PORT={ApiPort}",
        $"--XC_PG_PORT={PostgresPort}",
        $"--XC_SAMPLE_SOURCE_PORT={SampleSourcePort}",
        $"--XC_ADMIN_TOKEN={AdminToken}",
        // OTLP over HTTP as under `./xc run` (beside the gRPC endpoint the testing builder adds); the
        // testing builder gives the dashboard's addresses free ports: see RunningAppHost.
        "--ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL=http://127.0.0.1:0",
        "--ASPIRE_VERSION_CHECK_DISABLED=true",
        "--ASPIRE_DASHBOARD_TELEMETRY_OPTOUT=true",
    ];
}
