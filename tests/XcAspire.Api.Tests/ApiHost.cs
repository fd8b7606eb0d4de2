using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Mvc.Testing;
using XcAspire.Testing;
using XcAspire.Testing.Orleans;

namespace XcAspire.Api.Tests;

/// <summary>The API on a test database, with an admin token and a data root of its own.</summary>
public sealed class ApiHost : IAsyncDisposable
{
    public const string Token = "api-tests-admin-token-0123456789";

    private GrainCluster? _cluster;

    private ApiHost(TestDatabase database, string dataRoot, IReadOnlyDictionary<string, string?> settings, bool realServer)
    {
        Database = database;
        DataRoot = dataRoot;
        Factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("ConnectionStrings:xcdb", database.ConnectionString);
            web.UseSetting("Admin:Token", Token);
            web.UseSetting("Data:Root", dataRoot);
            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }

            if (realServer)
            {
                // A free port of its own: appsettings.json's Urls (the API's 5170) would otherwise win,
                // and two hosts in one run, or a running ./xc run, would collide on it.
                web.UseSetting("Urls", "http://127.0.0.1:0");
            }
        });
        if (realServer)
        {
            // A real port, for the browser tests (the in-memory test server has no socket).
            Factory.UseKestrel(0);
            Factory.StartServer();
            BaseUrl = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        }
    }

    /// <summary>The API's address when started with a real server, else null.</summary>
    public string? BaseUrl { get; }

    public TestDatabase Database { get; }

    public string DataRoot { get; }

    public WebApplicationFactory<Program> Factory { get; }

    /// <summary>
    /// The API on a new database. Without <paramref name="silo"/> it has no silos: what needs no grain
    /// answers, and grain calls are 503; with it, one Orleans silo runs the product's steps beside it.
    /// </summary>
    public static async Task<ApiHost> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, bool realServer = false, bool silo = false)
    {
        var database = await TestPostgres.CreateMigratedAsync();
        var dataRoot = NewDataRoot();
        if (!silo)
        {
            return StartOn(database, dataRoot, settings, realServer);
        }

        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["Data:Root"] = dataRoot };
        var cluster = await GrainCluster.StartAsync(database, 1, new GrainClusterOptions { Tcp = true, Settings = all });
        var host = StartOn(database, dataRoot, new Dictionary<string, string?>(all.Concat(cluster.ClientSettings)), realServer);
        host._cluster = cluster;
        using var health = host.Factory.CreateClient();
        await ApiReadiness.WaitForSilosAsync(health);
        return host;
    }

    /// <summary>The API on <paramref name="database"/> (which it drops when disposed), e.g. beside a test cluster's silos.</summary>
    public static ApiHost StartOn(TestDatabase database, string dataRoot, IReadOnlyDictionary<string, string?>? settings = null, bool realServer = false) =>
        new(database, dataRoot, settings ?? new Dictionary<string, string?>(), realServer);

    public static string NewDataRoot() => Directory.CreateTempSubdirectory("xc-api-data-").FullName;

    /// <summary>A client that sends the admin token.</summary>
    public HttpClient AdminClient()
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        await Factory.DisposeAsync();
        await Database.DisposeAsync();
        Directory.Delete(DataRoot, recursive: true);
    }
}
