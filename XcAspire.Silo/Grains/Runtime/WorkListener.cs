using Microsoft.Extensions.Logging;
using Npgsql;
using XcAspire.ServiceDefaults.Database;
using XcAspire.Silo.Grains.Storage;

namespace XcAspire.Silo.Grains.Runtime;

/// <summary>
/// LISTENs on the work channel on a connection of its own and wakes the claim loop on every
/// notification. If the connection drops (PostgreSQL restarting) it reconnects; the claim loop's slow
/// poll covers the gap.
/// </summary>
public sealed class WorkListener(NpgsqlDataSource dataSource, Action wake, ILogger logger)
{
    public async Task RunAsync(CancellationToken ct)
    {
        var retryDelay = TimeSpan.FromMilliseconds(200);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(ct);
                connection.Notification += (_, _) => wake();
                await using (var listen = new NpgsqlCommand($"LISTEN {JobProgress.WorkChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(ct);
                }

                // Anything that became due while we were not listening.
                wake();
                retryDelay = TimeSpan.FromMilliseconds(200);
                while (!ct.IsCancellationRequested)
                {
                    await connection.WaitAsync(ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or IOException)
            {
                DatabaseOutage.ClearPoolIfOutage(dataSource, e);
                logger.LogWarning("Work listener lost its connection ({Message}); reconnecting in {Delay}.", e.Message, retryDelay);
                await Task.Delay(retryDelay, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                retryDelay = TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }
}
