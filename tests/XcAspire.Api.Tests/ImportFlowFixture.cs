using XcAspire.Silo.MeetData;
using XcAspire.Silo.Sample;
using XcAspire.Silo.Sources.Sample;
using XcAspire.Testing;
using XcAspire.Testing.Orleans;

namespace XcAspire.Api.Tests;

/// <summary>
/// The whole import path on one test database: the sample source serving generated meets over real
/// HTTP, the API on a real port (for the browser) and two Orleans silos running the product's own steps.
/// </summary>
public sealed class ImportFlowFixture : IAsyncLifetime
{
    public ApiHost Api { get; private set; } = null!;

    public GrainCluster Cluster { get; private set; } = null!;

    public SampleSource Source { get; private set; } = null!;

    public TestDatabase Database => Api.Database;

    public string BaseUrl => Api.BaseUrl!;

    /// <summary>Meets the source serves, each used by one test so tests do not share a meet's job.</summary>
    public SampleMeets Catalog { get; } = new(
    [
        Generate("910001", "Flow Invitational", races: 6, results: 360, seed: 11),
        Generate("910002", "Wizard Classic", races: 4, results: 160, seed: 12),
        Generate("910003", "Conflict Dual", races: 3, results: 90, seed: 13),
        Generate("910004", "Dry Run Open", races: 3, results: 120, seed: 14),
        Generate("910005", "Folder Championship", races: 4, results: 200, seed: 15),
    ]);

    /// <summary>School seasons the source serves, each used by one test (their meets too).</summary>
    public SeasonCatalog Seasons { get; } = SeasonCatalog.Build();

    public async Task InitializeAsync()
    {
        Source = await SampleSource.StartAsync(new InMemorySampleMeetCatalog(Catalog.Meets.Concat(Seasons.Meets), Seasons.Calendars));
        var settings = new Dictionary<string, string?>
        {
            ["Source:BaseUrl"] = Source.BaseUrl.ToString().TrimEnd('/'),
            // Politeness is tested in the sources suite; here it would only make the flow slow.
            ["Source:Spacing"] = "00:00:00",
            ["Source:ResultsSpacing"] = "00:00:00",
            ["Source:RetryBaseDelay"] = "00:00:00.050",
        };
        settings["Data:Root"] = ApiHost.NewDataRoot();
        var database = await TestPostgres.CreateMigratedAsync();
        // Over TCP: the API's own Orleans client connects to the silos' gateways, as in production.
        Cluster = await GrainCluster.StartAsync(database, 2, new GrainClusterOptions { Tcp = true, Settings = settings });
        Api = ApiHost.StartOn(database, settings["Data:Root"]!, new Dictionary<string, string?>(settings.Concat(Cluster.ClientSettings)), realServer: true);
        using var health = Api.Factory.CreateClient();
        await ApiReadiness.WaitForSilosAsync(health);
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Api.DisposeAsync();
        await Source.DisposeAsync();
    }

    private static MeetSnapshot Generate(string meetId, string name, int races, int results, int seed) =>
        MeetGenerator.Generate(new MeetGeneratorOptions
        {
            MeetId = meetId, MeetName = name, RaceCount = races, TotalResults = results, Seed = seed, SchoolCount = 12,
        });
}

public sealed record SampleMeets(IReadOnlyList<MeetSnapshot> Meets)
{
    public MeetSnapshot this[string meetId] => Meets.Single(m => m.Meet.AthleticNetMeetId == meetId);
}

[CollectionDefinition(Name)]
public sealed class ImportFlowCollection : ICollectionFixture<ImportFlowFixture>
{
    public const string Name = "import flow";
}
