using Microsoft.Extensions.Options;
using XcAspire.Silo.MeetData;
using XcAspire.Silo.Sources;
using XcAspire.Silo.Sources.AthleticNet;
using XcAspire.Silo.Sources.Politeness;
using XcAspire.Silo.Sources.Sample;
using XcAspire.Silo.Sources.Storage;
using XcAspire.Testing;

namespace XcAspire.Sources.Tests;

/// <summary>A sample source on a real socket and scrapers ("silos") talking to it through one test database.</summary>
internal sealed class SourceHarness : IAsyncDisposable
{
    private readonly List<HttpClient> _clients = [];

    private SourceHarness(TestDatabase database, SampleSource source, MeetSnapshot meet)
    {
        Database = database;
        Source = source;
        Meet = meet;
    }

    public TestDatabase Database { get; }

    public SampleSource Source { get; }

    public MeetSnapshot Meet { get; }

    public string MeetId => Meet.Meet.AthleticNetMeetId;

    public static MeetSnapshot DefaultMeet() => SampleMeets.Build("900001", "Example Valley Invitational", new DateOnly(2025, 9, 20), races: 4, runnersPerRace: 12);

    /// <param name="catalog">What the source serves; default <paramref name="meet"/> and a meet without races (900009).</param>
    public static async Task<SourceHarness> StartAsync(
        SampleFaultPlan? faults = null, SampleShape? shape = null, MeetSnapshot? meet = null, ISampleMeetCatalog? catalog = null)
    {
        meet ??= DefaultMeet();
        var database = await TestPostgres.CreateMigratedAsync();
        catalog ??= new InMemorySampleMeetCatalog([meet, SampleMeets.Build("900009", "Future Meet", new DateOnly(2026, 11, 15), races: 0, runnersPerRace: 0)]);
        var source = await SampleSource.StartAsync(catalog, faults, shape: shape);
        return new SourceHarness(database, source, meet);
    }

    /// <summary>Fast settings for tests: short spacing, quick retries, a short request timeout.</summary>
    public static SourceOptions FastOptions() => new()
    {
        Spacing = TimeSpan.FromMilliseconds(20),
        ResultsSpacing = TimeSpan.FromMilliseconds(20),
        RetryBaseDelay = TimeSpan.FromMilliseconds(20),
        RequestTimeout = TimeSpan.FromSeconds(3),
        DefaultRetryAfter = TimeSpan.FromSeconds(1),
        MaxRetries = 4,
    };

    /// <summary>A scraper as one silo has it: its own HttpClient, the shared database's gate and store.</summary>
    public MeetScraper Scraper(Action<SourceOptions>? configure = null)
    {
        var (client, options) = Client(configure);
        return new MeetScraper(client, new SourceResponseStore(Database.DataSource), options);
    }

    /// <summary>Season discovery as one silo (or the API) has it.</summary>
    public SeasonDiscovery Discovery(Action<SourceOptions>? configure = null) =>
        new(Client(configure).Client, new SourceResponseStore(Database.DataSource));

    private (AthleticNetClient Client, IOptions<SourceOptions> Options) Client(Action<SourceOptions>? configure)
    {
        var options = FastOptions();
        options.BaseUrl = Source.BaseUrl.ToString();
        configure?.Invoke(options);
        var wrapped = Options.Create(options);
        var http = new HttpClient { BaseAddress = Source.BaseUrl, Timeout = Timeout.InfiniteTimeSpan };
        _clients.Add(http);
        return (new AthleticNetClient(http, new PostgresHostGate(Database.DataSource, wrapped), wrapped), wrapped);
    }

    public SourceResponseStore Store => new(Database.DataSource);

    /// <summary>What the import compares on: every field of a result but where it was read from.</summary>
    public static object Key(ResultRecord r) =>
        (r.AthleticNetRaceId, r.AthleteName, r.FirstName, r.LastName, r.AthleticNetAthleteId, r.SchoolName, r.AthleticNetTeamId,
         r.Grade, r.TimeCs, r.Status, r.Place, r.SourceResultId, r.NeedsReview);

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await Source.DisposeAsync();
        await Database.DisposeAsync();
    }
}
