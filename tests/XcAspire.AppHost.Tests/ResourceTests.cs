using System.Text.Json;
using Aspire.Hosting.ApplicationModel;

namespace XcAspire.AppHost.Tests;

[Collection(RunningSystemCollection.Name)]
public sealed class ResourceTests(RunningSystemFixture system)
{
    [Fact]
    public async Task Every_resource_runs_healthy_and_the_api_reaches_the_database_and_the_silos()
    {
        var host = system.Host;
        foreach (var name in RunningAppHost.ResourceNames)
        {
            Assert.True(host.App.ResourceNotifications.TryGetCurrentState(name, out var resource), $"no resource {name}");
            Assert.Equal(KnownResourceStates.Running, resource.Snapshot.State?.Text);
            Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, resource.Snapshot.HealthStatus);
        }

        using var health = JsonDocument.Parse(await host.Api.GetStringAsync("/health"));
        Assert.Equal("Healthy", health.RootElement.GetProperty("status").GetString());
        Assert.Equal("Healthy", health.RootElement.GetProperty("checks").GetProperty("silos").GetProperty("status").GetString());
    }

    [Fact]
    public void The_silos_and_the_api_share_one_fixed_service_id_and_the_api_links_its_pages()
    {
        foreach (var name in new[] { "silo-1", "silo-2", "api" })
        {
            var environment = system.Host.EnvironmentOf(name);
            // Grain state and reminders are keyed by it: a new one per run would orphan every job.
            Assert.Equal("xcaspire", environment["Orleans__ServiceId"]);
            Assert.Equal("xcaspire", environment["Orleans__ClusterId"]);
            Assert.Contains("Password=", environment["ConnectionStrings__xcdb"], StringComparison.Ordinal);
        }

        Assert.True(system.Host.App.ResourceNotifications.TryGetCurrentState("api", out var api));
        var apiUrl = system.Settings.ApiUrl.ToString().TrimEnd('/');
        Assert.Equal(
            [$"{apiUrl}/admin/import-meet", $"{apiUrl}/admin/orleans", $"{apiUrl}/scalar"],
            api.Snapshot.Urls.Select(u => u.Url).Where(u => u != apiUrl).Order());
    }
}
