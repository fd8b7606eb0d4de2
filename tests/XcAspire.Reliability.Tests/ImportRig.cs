using System.Net.Http.Headers;
using Microsoft.AspNetCore.Mvc.Testing;
using XcAspire.Silo.MeetData;
using XcAspire.Silo.Sources.Sample;
using XcAspire.Testing;
using XcAspire.Testing.Orleans;

namespace XcAspire.Reliability.Tests;

/// <summary>
/// The whole import path on a database of its own: the sample source serving <see cref="MeetSnapshot"/>s
/// over real HTTP (with the faults it is given), the admin API (an Orleans client over TCP), and N
/// Orleans silos running the product's own steps: in this process, or each in its own process when the
/// rig is <c>crashable</c> (a kill is then a crash). Two rigs give a faulty and a clean run of the same meets.
/// </summary>
public sealed class ImportRig : IAsyncDisposable
{
    public const string Token = "reliability-tests-admin-token-01";

    private ImportRig(TestDatabase database, string dataRoot)
    {
        Database = database;
        DataRoot = dataRoot;
    }

    public TestDatabase Database { get; }

    public string DataRoot { get; }

    public SampleSource Source { get; private set; } = null!;

    public WebApplicationFactory<Program> Api { get; private set; } = null!;

    public GrainCluster Cluster { get; private set; } = null!;

    /// <summary>
    /// Starts a rig on a new database of <paramref name="postgres"/>, or of the shared test cluster when
    /// null; <paramref name="settings"/> override the rig's configuration (API and silos alike);
    /// <paramref name="seasons"/> are the school calendars the source serves beside its meets.
    /// </summary>
    public static async Task<ImportRig> StartAsync(
        IReadOnlyList<MeetSnapshot> meets, SampleFaultPlan? faults, int silos, int maxAttempts, PrivatePostgres? postgres = null,
        IReadOnlyDictionary<string, string?>? settings = null, bool crashable = false, IReadOnlyList<SampleTeamSeason>? seasons = null)
    {
        var database = postgres is null ? await TestPostgres.CreateMigratedAsync() : await postgres.CreateMigratedAsync();
        var rig = new ImportRig(database, Directory.CreateTempSubdirectory("xc-rel-data-").FullName);
        try
        {
            await rig.InitializeAsync(meets, faults, silos, maxAttempts, settings ?? new Dictionary<string, string?>(), crashable, seasons);
            return rig;
        }
        catch
        {
            await rig.DisposeAsync();
            throw;
        }
    }

    private async Task InitializeAsync(
        IReadOnlyList<MeetSnapshot> meets, SampleFaultPlan? faults, int silos, int maxAttempts, IReadOnlyDictionary<string, string?> overrides,
        bool crashable, IReadOnlyList<SampleTeamSeason>? seasons)
    {
        Source = await SampleSource.StartAsync(new InMemorySampleMeetCatalog(meets, seasons), faults);
        var settings = new Dictionary<string, string?>
        {
            ["Source:BaseUrl"] = Source.BaseUrl.ToString().TrimEnd('/'),
            // Politeness has its own tests; here it would only stretch the run.
            ["Source:Spacing"] = "00:00:00",
            ["Source:ResultsSpacing"] = "00:00:00",
            ["Source:RetryBaseDelay"] = "00:00:00.050",
            // The source's "timeout" fault never answers: give up on it quickly.
            ["Source:RequestTimeout"] = "00:00:02",
            ["Data:Root"] = DataRoot,
            // Thousands of source calls: their request logs would bury the figures and failures.
            ["Logging:LogLevel:Default"] = "Warning",
            ["Silo:MaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        Cluster = await GrainCluster.StartAsync(
            Database, silos, new GrainClusterOptions { Tcp = true, OutOfProcess = crashable, Settings = settings });
        Api = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("ConnectionStrings:xcdb", Database.ConnectionString);
            web.UseSetting("Admin:Token", Token);
            foreach (var (key, value) in settings.Concat(Cluster.ClientSettings))
            {
                web.UseSetting(key, value);
            }
        });
        using var health = Api.CreateClient();
        await ApiReadiness.WaitForSilosAsync(health);
    }

    /// <summary>A client of the admin API that sends the token.</summary>
    public AdminApi AdminClient()
    {
        var client = Api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return new AdminApi(client);
    }

    public async ValueTask DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }

        if (Api is not null)
        {
            await Api.DisposeAsync();
        }

        if (Source is not null)
        {
            await Source.DisposeAsync();
        }

        await Database.DisposeAsync();
        Directory.Delete(DataRoot, recursive: true);
    }
}
