using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace XcAspire.ServiceDefaults.Migrations;

public sealed class MigrationOptions
{
    /// <summary>How long start-up keeps retrying while PostgreSQL is unreachable (it may still be starting).</summary>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(60);
}

/// <summary>
/// Runs the migrator before the server starts listening, so a service never serves an old schema.
/// A changed migration stops start-up with the migrator's message.
/// </summary>
public sealed class MigrationHostedService(
    Migrator migrator,
    MigrationState state,
    IOptions<MigrationOptions> options,
    TimeProvider timeProvider,
    ILogger<MigrationHostedService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var deadline = timeProvider.GetUtcNow() + options.Value.StartupTimeout;
        var delay = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                var outcome = await migrator.ApplyAsync(cancellationToken);
                logger.LogInformation(
                    "Database schema ready: {Applied} migration(s) applied now, {Existing} already applied",
                    outcome.Applied.Count, outcome.AlreadyApplied);
                state.MarkApplied();
                return;
            }
            catch (Exception ex) when (IsUnreachable(ex) && timeProvider.GetUtcNow() < deadline)
            {
                logger.LogWarning("PostgreSQL is not reachable yet ({Reason}); retrying in {Delay} ms", ex.Message, delay.TotalMilliseconds);
                await Task.Delay(delay, timeProvider, cancellationToken);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
            }
            catch (Exception ex)
            {
                state.MarkFailed(ex);
                logger.LogCritical("Start-up refused: {Reason}", ex.Message);
                throw;
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static bool IsUnreachable(Exception ex) => ex switch
    {
        // 57P03: the server is starting up or shutting down.
        PostgresException pg => pg.IsTransient || pg.SqlState == PostgresErrorCodes.CannotConnectNow,
        NpgsqlException npg => npg.IsTransient,
        TimeoutException => true,
        _ => false,
    };
}
