using System.Collections.Concurrent;
using System.Data;
using Npgsql;

namespace XcAspire.Silo.Steps;

/// <summary>
/// Open connections kept for race imports, at most one per import slot in use. The importer stages a
/// race in temporary tables that a session creates once; a connection handed back to the pool is reset
/// (DISCARD), so every import on a pooled connection created them again: catalog writes that every
/// other session then has to process, and plans made against tables the planner has never seen. A
/// connection comes back here only after its transaction committed; one that failed in any way is
/// closed, so no broken session or half-done state is reused.
/// </summary>
public sealed class ImportConnections(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    private readonly ConcurrentBag<NpgsqlConnection> _idle = [];

    public async Task<NpgsqlConnection> RentAsync(CancellationToken ct)
    {
        while (_idle.TryTake(out var kept))
        {
            if (kept.FullState == ConnectionState.Open)
            {
                return kept;
            }

            await kept.DisposeAsync();
        }

        return await dataSource.OpenConnectionAsync(ct);
    }

    public void Keep(NpgsqlConnection connection) => _idle.Add(connection);

    public async ValueTask DisposeAsync()
    {
        while (_idle.TryTake(out var kept))
        {
            await kept.DisposeAsync();
        }
    }
}
