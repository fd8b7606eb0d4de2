using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using XcAspire.ServiceDefaults.Migrations;
using XcAspire.Testing;

namespace XcAspire.Foundation.Tests;

public sealed class ApiHealthTests
{
    private static WebApplicationFactory<Program> ApiOn(TestDatabase db) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("ConnectionStrings:xcdb", db.ConnectionString);
            web.UseSetting("Migrations:StartupTimeout", "00:00:02");
            web.UseSetting("Admin:Token", "foundation-tests-admin-token");
        });

    [Fact]
    public async Task Health_says_the_database_is_ready_once_migrated_and_the_api_degraded_until_a_silo_answers()
    {
        await using var db = await TestPostgres.CreateEmptyAsync();
        await using var api = ApiOn(db);
        using var client = api.CreateClient();

        using var response = await client.GetAsync("/health");
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(body);
        var checks = json.RootElement.GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("database").GetProperty("status").GetString());
        // No silo runs here: the API answers what needs no grain, and says that jobs must wait.
        Assert.Equal("Degraded", checks.GetProperty("silos").GetProperty("status").GetString());
        Assert.Equal("Degraded", json.RootElement.GetProperty("status").GetString());
        Assert.Equal(MigrationScript.Embedded().Count, await db.ScalarAsync<int>($"SELECT count(*) FROM {Migrator.HistoryTable}"));

        using var alive = await client.GetAsync("/alive");
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    [Fact]
    public async Task Health_turns_unhealthy_when_the_database_goes_away()
    {
        await using var db = await TestPostgres.CreateMigratedAsync();
        await using var api = ApiOn(db);
        using var client = api.CreateClient();
        using (var healthy = await client.GetAsync("/health"))
        {
            Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        }

        await TestPostgres.ExecuteAdminAsync($"ALTER DATABASE \"{db.Name}\" WITH ALLOW_CONNECTIONS false");
        await TestPostgres.ExecuteAdminAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{db.Name}'");

        using var response = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("not reachable", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await TestPostgres.ExecuteAdminAsync($"ALTER DATABASE \"{db.Name}\" WITH ALLOW_CONNECTIONS true");
    }

    [Fact]
    public async Task A_request_that_meets_connections_a_restart_broke_is_a_503_and_the_next_one_connects_afresh()
    {
        await using var db = await TestPostgres.CreateMigratedAsync();
        await using var api = ApiOn(db);
        using var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "foundation-tests-admin-token");
        // Several connections in the pool, as a busy API has.
        var warm = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.GetAsync("/api/admin/jobs")));
        Assert.All(warm, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));

        // What a PostgreSQL restart does to the pooled sessions.
        await TestPostgres.ExecuteAdminAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{db.Name}'");

        using var during = await client.GetAsync("/api/admin/jobs");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
        var problem = await during.Content.ReadAsStringAsync();
        Assert.Contains("The database is unavailable", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("57P01", problem, StringComparison.Ordinal);
        using var after = await client.GetAsync("/api/admin/jobs");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task Start_up_is_refused_with_a_clear_error_when_an_applied_migration_changed()
    {
        await using var db = await TestPostgres.CreateMigratedAsync();
        // Simulate an edited file: the recorded checksum no longer matches the embedded one.
        await db.ExecuteAsync($"UPDATE {Migrator.HistoryTable} SET checksum = repeat('0', 64) WHERE version = 1");

        await using var api = ApiOn(db);
        var error = Assert.Throws<MigrationException>(() => api.CreateClient());
        Assert.Contains("was changed after it was applied", error.Message, StringComparison.Ordinal);
    }
}
