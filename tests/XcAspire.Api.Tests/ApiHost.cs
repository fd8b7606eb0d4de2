using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Mvc.Testing;
using XcAspire.Testing;

namespace XcAspire.Api.Tests;

/// <summary>The API on a test database, with an admin token and a data root of its own.</summary>
public sealed class ApiHost : IAsyncDisposable
{
    public const string Token = "api-tests-admin-token-0123456789";

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

    public static async Task<ApiHost> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, bool realServer = false)
    {
        var database = await TestPostgres.CreateMigratedAsync();
        var dataRoot = Directory.CreateTempSubdirectory("xc-api-data-").FullName;
        return new ApiHost(database, dataRoot, settings ?? new Dictionary<string, string?>(), realServer);
    }

    /// <summary>A client that sends the admin token.</summary>
    public HttpClient AdminClient()
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Database.DisposeAsync();
        Directory.Delete(DataRoot, recursive: true);
    }
}
