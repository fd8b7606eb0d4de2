using Npgsql;

namespace XcAspire.Silo.Grains.Runtime;

/// <summary>The silos table: join, heartbeat, leave, and marking silent silos dead.</summary>
public sealed class Membership(NpgsqlDataSource dataSource, SiloOptions options, string siloId)
{
    public async Task JoinAsync(CancellationToken ct)
    {
        await ExecuteAsync(
            """
            INSERT INTO silos (id, host, pid) VALUES (@silo, @host, @pid)
            ON CONFLICT (id) DO UPDATE SET host = EXCLUDED.host, pid = EXCLUDED.pid, started_at = now(),
                last_heartbeat_at = now(), status = 'active', stopped_at = NULL
            """,
            ct,
            ("host", Environment.MachineName),
            ("pid", Environment.ProcessId));
    }

    /// <summary>
    /// Renews this silo's row (coming back to life if it had been marked dead: its leases were expired
    /// and fencing keeps its late writes out), then marks silent silos dead and expires their leases at once.
    /// </summary>
    public async Task<IReadOnlyList<string>> HeartbeatAsync(CancellationToken ct)
    {
        await ExecuteAsync(
            "UPDATE silos SET last_heartbeat_at = now(), status = 'active', stopped_at = NULL WHERE id = @silo", ct);

        await using var command = dataSource.CreateCommand(
            """
            WITH dead AS (
                UPDATE silos SET status = 'dead', stopped_at = now()
                WHERE status = 'active' AND id <> @silo AND last_heartbeat_at < now() + @clock_offset - @dead_after
                RETURNING id),
            races AS (
                SELECT r.meet_id, r.race_id FROM race_grains r JOIN dead ON r.lease_owner = dead.id FOR UPDATE OF r SKIP LOCKED),
            expired_races AS (
                UPDATE race_grains r SET lease_expires_at = least(r.lease_expires_at, now() + @clock_offset)
                FROM races WHERE r.meet_id = races.meet_id AND r.race_id = races.race_id),
            expired_steps AS (
                UPDATE import_jobs j SET lease_expires_at = least(j.lease_expires_at, now() + @clock_offset)
                FROM dead WHERE j.lease_owner = dead.id)
            SELECT id FROM dead
            """);
        AddParameters(command, ("dead_after", options.DeadAfter));
        var dead = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            dead.Add(reader.GetString(0));
        }

        return dead;
    }

    public Task LeaveAsync(CancellationToken ct) =>
        ExecuteAsync("UPDATE silos SET status = 'stopped', stopped_at = now() WHERE id = @silo", ct);

    private async Task ExecuteAsync(string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = dataSource.CreateCommand(sql);
        AddParameters(command, parameters);
        await command.ExecuteNonQueryAsync(ct);
    }

    private void AddParameters(NpgsqlCommand command, params (string Name, object Value)[] parameters)
    {
        command.Parameters.AddWithValue("silo", siloId);
        command.Parameters.AddWithValue("clock_offset", options.ClockOffset);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
    }
}
