namespace XcAspire.AppHost.Hosting;

/// <summary>Polls a service's health endpoint until it answers 200, the caller gives up, or time runs out.</summary>
internal static class HealthWaiter
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };

    /// <param name="health">The health endpoint's full URL.</param>
    /// <param name="abandon">Checked before every poll: true stops waiting (say, the process died).</param>
    public static async Task<bool> WaitHealthyAsync(Uri health, Func<bool> abandon, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested && !abandon())
        {
            try
            {
                using var response = await Http.GetAsync(health, cancellationToken);
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
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return false;
    }
}
