using System.Net.Http.Headers;
using XcAspire.Silo.Import;
using XcAspire.Silo.Sample;
using XcAspire.Testing;

namespace XcAspire.Api.Tests;

/// <summary>
/// One API on a real port (browsers and cross-origin pages need a socket) with two imported meets:
/// one that refused requests must leave whole, one the admin UI removes in the browser test.
/// </summary>
public sealed class SecurityFixture : IAsyncLifetime
{
    public const string UntouchedMeet = "940001";
    public const string UiRemovedMeet = "940002";

    public ApiHost Api { get; private set; } = null!;

    public string BaseUrl => Api.BaseUrl!;

    public TestDatabase Database => Api.Database;

    public async Task InitializeAsync()
    {
        Api = await ApiHost.StartAsync(realServer: true, silo: true);
        var importer = new MeetImporter(Database.DataSource);
        foreach (var (meetId, seed) in new[] { (UntouchedMeet, 41), (UiRemovedMeet, 42) })
        {
            var meet = MeetGenerator.Generate(new MeetGeneratorOptions { MeetId = meetId, RaceCount = 2, TotalResults = 40, SchoolCount = 4, Seed = seed });
            await importer.ImportAsync(meet, null, dryRun: false, CancellationToken.None);
        }
    }

    public async Task DisposeAsync() => await Api.DisposeAsync();

    /// <summary>A script's client over real HTTP: the admin token as a bearer token, no cookies.</summary>
    public HttpClient BearerClient()
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiHost.Token);
        return client;
    }

    public Task<long> ResultCountAsync(string meetId) => Database.ScalarAsync<long>(
        $"SELECT count(*) FROM results r JOIN meets m ON m.id = r.meet_id WHERE m.athletic_net_id = '{meetId}'");
}

[CollectionDefinition(Name)]
public sealed class SecurityCollection : ICollectionFixture<SecurityFixture>
{
    public const string Name = "security";
}
