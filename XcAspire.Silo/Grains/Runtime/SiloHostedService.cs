using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using XcAspire.Silo.Grains.Steps;

namespace XcAspire.Silo.Grains.Runtime;

/// <summary>Runs the process's silo for the host's lifetime; a graceful host stop releases its leases.</summary>
public sealed class SiloHostedService(
    NpgsqlDataSource dataSource, GrainSteps steps, IOptions<SiloOptions> options, ILogger<SiloRuntime> logger) : IHostedService, IAsyncDisposable
{
    private readonly SiloRuntime _silo = new(dataSource, steps, options.Value, logger);

    public Task StartAsync(CancellationToken cancellationToken) => _silo.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => _silo.StopAsync(cancellationToken);

    public ValueTask DisposeAsync() => _silo.DisposeAsync();
}
