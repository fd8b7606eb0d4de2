using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace XcAspire.Api.Hosting;

/// <summary>
/// Starts the Orleans client's own hosted services (its connection to the silos' gateways) in the
/// background and stops them with the API. Until it has connected, a grain call fails at once and the
/// API answers 503 (see the problem handler); <see cref="IsConnected"/> feeds the health check.
/// </summary>
public sealed class OrleansClientConnection(OrleansClientConnection.Services services, IServiceProvider provider) : BackgroundService
{
    private readonly List<IHostedService> _started = [];

    public bool IsConnected { get; private set; }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        foreach (var service in Enumerable.Reverse(_started))
        {
            await service.StopAsync(cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var descriptor in services.Descriptors)
        {
            var service = Resolve(descriptor);
            // The client's connection retry filter keeps trying until a silo answers or the API stops.
            await service.StartAsync(stoppingToken);
            _started.Add(service);
        }

        IsConnected = true;
    }

    private IHostedService Resolve(ServiceDescriptor descriptor) => descriptor switch
    {
        { ImplementationInstance: IHostedService instance } => instance,
        { ImplementationFactory: { } factory } => (IHostedService)factory(provider),
        _ => (IHostedService)ActivatorUtilities.GetServiceOrCreateInstance(provider, descriptor.ImplementationType!),
    };

    /// <summary>The hosted services the Orleans client registered, taken out of the host's start-up.</summary>
    public sealed record Services(IReadOnlyList<ServiceDescriptor> Descriptors);
}

/// <summary>
/// Degraded (not unhealthy) until the client reaches a silo: the API serves what needs no grain, while
/// starting or retrying imports waits for the silos.
/// </summary>
public sealed class SilosReachableHealthCheck(OrleansClientConnection connection) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(connection.IsConnected
            ? HealthCheckResult.Healthy("Connected to the silos.")
            : HealthCheckResult.Degraded("No silo reached yet: jobs cannot start or change until one answers."));
}
