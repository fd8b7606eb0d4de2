namespace XcAspire.AppHost.Hosting;

/// <summary>Polls a service's /health until it answers 200, the process dies, or time runs out.</summary>
internal static class HealthWaiter
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };

    public static async Task<bool> WaitHealthyAsync(Uri baseUri, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var health = new Uri(baseUri, "/health");
        while (!deadline.IsCancellationRequested)
        {
            try
            {
                using var response = await Http.GetAsync(health, deadline.Token);
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet: migrations run before the server binds.
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), deadline.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return false;
    }
}
