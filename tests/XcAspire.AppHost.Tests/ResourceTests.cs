namespace XcAspire.AppHost.Tests;

[Collection(RunningSystemCollection.Name)]
public sealed class ResourceTests(RunningSystemFixture system)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Dashboard_lists_the_database_every_silo_and_the_api_running_with_pid_and_url()
    {
        var resources = await system.Host.GetResourcesAsync();

        Assert.Equal(["postgres", "sample-source", "silo-1", "silo-2", "api"], resources.Select(r => r.Name));
        Assert.Equal("external", resources[0].State);
        foreach (var service in resources.Skip(1))
        {
            Assert.Equal("running", service.State);
            Assert.NotNull(service.ProcessId);
            Assert.True(ProcessTools.IsRunning(service.ProcessId!.Value), $"{service.Name}'s pid {service.ProcessId} is not running");
            Assert.StartsWith("http://127.0.0.1:", service.Url, StringComparison.Ordinal);
            Assert.True(service.CanControl);
        }

        Assert.Equal(system.Host.ApiUrl.ToString(), resources.Single(r => r.Name == "api").Url);
    }

    [Fact]
    public async Task A_killed_silo_is_restarted_with_a_new_process()
    {
        var host = system.Host;
        var before = await host.GetResourceAsync("silo-2");

        var killed = await host.KillResourceAsync("silo-2");

        await host.WaitForAsync(
            async () => await host.GetResourceAsync("silo-2") is { State: "running" } silo && silo.ProcessId != killed && silo.Restarts > before.Restarts,
            Timeout,
            "silo-2 restarted and healthy again");
        Assert.False(ProcessTools.IsRunning(killed));
        Assert.Contains("[apphost] silo-2 exited with code", host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_and_start_from_the_dashboard_take_a_silo_down_and_bring_it_back()
    {
        var host = system.Host;
        var pid = (await host.GetResourceAsync("silo-1")).ProcessId!.Value;

        using (var stop = new HttpRequestMessage(HttpMethod.Post, new Uri(host.DashboardUrl, "api/resources/silo-1/stop")))
        {
            stop.Headers.Add("X-Xc-Dashboard", "1");
            (await host.Http.SendAsync(stop)).EnsureSuccessStatusCode();
        }

        var stopped = await host.GetResourceAsync("silo-1");
        Assert.Equal("stopped", stopped.State);
        Assert.Null(stopped.ProcessId);
        Assert.False(ProcessTools.IsRunning(pid));

        using (var start = new HttpRequestMessage(HttpMethod.Post, new Uri(host.DashboardUrl, "api/resources/silo-1/start")))
        {
            start.Headers.Add("X-Xc-Dashboard", "1");
            (await host.Http.SendAsync(start)).EnsureSuccessStatusCode();
        }

        await host.WaitForAsync(async () => (await host.GetResourceAsync("silo-1")).State == "running", Timeout, "silo-1 running again");
    }

    [Fact]
    public async Task Control_without_the_dashboard_header_is_refused()
    {
        var response = await system.Host.Http.PostAsync(new Uri(system.Host.DashboardUrl, "api/resources/api/stop"), content: null);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("running", (await system.Host.GetResourceAsync("api")).State);
    }

    [Fact]
    public async Task Console_output_of_a_service_is_kept_for_the_dashboard()
    {
        var host = system.Host;
        var console = await host.Http.GetStringAsync(new Uri(host.DashboardUrl, "api/resources/api/console"));

        Assert.Contains("Database schema ready", console, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_service_gets_the_users_environment_and_the_apphosts_settings()
    {
        var host = system.Host;
        await host.WaitForAsync(async () => (await host.GetResourcesAsync()).All(r => r.State is "running" or "external"), Timeout, "every service running");

        foreach (var service in (await host.GetResourcesAsync()).Where(r => r.ProcessId is not null && r.Kind != "database"))
        {
            var environment = ProcessEnvironment(service.ProcessId!.Value);
            foreach (var (key, value) in RunningSystemFixture.UserEnvironment)
            {
                Assert.Equal(value, environment.GetValueOrDefault(key));
            }

            Assert.Equal(host.AdminToken, environment.GetValueOrDefault("XC_ADMIN_TOKEN"));
            Assert.Equal(Path.Combine(host.StateDirectory, "data"), environment.GetValueOrDefault("XC_DATA_ROOT"));
            Assert.NotNull(environment.GetValueOrDefault("ConnectionStrings__xcdb"));
            Assert.Equal(host.DashboardUrl.ToString().TrimEnd('/'), environment.GetValueOrDefault("OTEL_EXPORTER_OTLP_ENDPOINT"));
            Assert.Equal("http/protobuf", environment.GetValueOrDefault("OTEL_EXPORTER_OTLP_PROTOCOL"));
        }
    }

    // What a process was started with, as the kernel keeps it.
    private static Dictionary<string, string> ProcessEnvironment(int pid) =>
        File.ReadAllText($"/proc/{pid}/environ").Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(entry => entry.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .GroupBy(pair => pair[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.Ordinal);
}
