namespace XcAspire.AppHost;

/// <summary>
/// Once every resource is healthy, prints where everything is and the admin token, as the last thing
/// `./xc run` shows: the dashboard's login address (with its browser token, as Aspire's own tooling
/// prints it), the API, the admin UI, the Scalar reference and the Orleans dashboard.
/// </summary>
internal sealed class ReadyBanner(
    ResourceNotificationService notifications,
    DistributedApplicationModel model,
    IConfiguration configuration,
    AppHostSettings settings) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // The system's own resources (not the dashboard, which Aspire adds as a hidden executable).
            var waited = model.Resources.Where(r => r is ProjectResource or Postgres.LocalPostgresResource).Select(r => r.Name).ToList();
            await Task.WhenAll(waited.Select(name => notifications.WaitForResourceHealthyAsync(name, stoppingToken)));
        }
        catch (OperationCanceledException)
        {
            return;
        }

        var api = $"http://127.0.0.1:{settings.ApiPort}";
        var lines = new List<string> { string.Empty, $"XcAspire is running ({settings.Silos} silo{(settings.Silos == 1 ? "" : "s")}). Ctrl+C stops everything." };
        if (DashboardLogin() is { } dashboard)
        {
            lines.Add($"  Dashboard          {dashboard}");
        }

        lines.Add($"  API                {api}   (health: {api}/health)");
        lines.Add($"  Admin UI           {api}/admin/import-meet");
        lines.Add($"  API reference      {api}/scalar");
        lines.Add($"  Orleans dashboard  {api}/admin/orleans");
        lines.Add($"  PostgreSQL         {(settings.ExternalConnectionString is null ? $"127.0.0.1:{settings.PostgresPort} (data in {settings.ClusterDirectory})" : "ConnectionStrings__xcdb")}");
        lines.Add($"  Source             {(settings.RunsSampleSource ? $"the sample source, http://127.0.0.1:{settings.SampleSourcePort}: meets 900001, 900002, 900003, 910001, 920084" : settings.SourceUrl)}");
        lines.Add($"  Data root          {settings.DataRoot}");
        lines.Add($"  Admin token        {settings.AdminToken}{(settings.AdminTokenGenerated ? "   (generated for this run; set XC_ADMIN_TOKEN to choose one)" : "   (from XC_ADMIN_TOKEN)")}");
        lines.Add(string.Empty);
        await Console.Out.WriteAsync(string.Join(Environment.NewLine, lines) + Environment.NewLine);
    }

    /// <summary>The dashboard's address, with the login token unless the dashboard runs without one.</summary>
    private string? DashboardLogin()
    {
        if (configuration["ASPNETCORE_URLS"]?.Split(';').FirstOrDefault() is not { Length: > 0 } url)
        {
            return null;
        }

        return configuration["AppHost:BrowserToken"] is { Length: > 0 } token ? $"{url.TrimEnd('/')}/login?t={token}" : url;
    }
}
