namespace XcAspire.AppHost;

/// <summary>
/// Stops the services before PostgreSQL. Left to itself the orchestrator stops everything at once:
/// PostgreSQL's SIGTERM waits for its clients (the services' pools) and is then killed, leaving
/// crash recovery for the next start, and the services flush their telemetry to a dashboard that is
/// already gone. Registered after Aspire's own services, this runs first when the AppHost stops.
/// </summary>
internal sealed partial class OrderedShutdown(
    DistributedApplicationModel model,
    ResourceCommandService commands,
    ResourceNotificationService notifications,
    ILogger<OrderedShutdown> logger) : IHostedService
{
    private static readonly TimeSpan ServicesTimeout = TimeSpan.FromSeconds(20);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ServicesTimeout);
        try
        {
            await Task.WhenAll(model.Resources.OfType<ProjectResource>().Select(service => StopAsync(service, timeout.Token)));
        }
        catch (OperationCanceledException)
        {
            LogServicesSlow(ServicesTimeout.TotalSeconds);
        }
    }

    private async Task StopAsync(IResource service, CancellationToken ct)
    {
        if (notifications.TryGetCurrentState(service.Name, out var current) && IsStopped(current.Snapshot.State?.Text))
        {
            return;
        }

        await commands.ExecuteCommandAsync(service, KnownResourceCommands.StopCommand, ct);
        await notifications.WaitForResourceAsync(service.Name, e => IsStopped(e.Snapshot.State?.Text), ct);
    }

    private static bool IsStopped(string? state) =>
        state is null || KnownResourceStates.TerminalStates.Contains(state) || state == KnownResourceStates.NotStarted || state == KnownResourceStates.Waiting;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The services did not all stop within {Seconds} s; stopping everything now")]
    private partial void LogServicesSlow(double seconds);
}
