using Npgsql;
using XcAspire.Api.Problems;
using XcAspire.Silo.Import.Derived;

namespace XcAspire.Api.Data;

public sealed record AthleteReviewItem(
    Guid Id, string Status, string ConflictType, Guid SchoolId, string SchoolName, Guid AthleteId1, string? Name1,
    Guid? AthleteId2, string Name2, int? GradYear1, int? GradYear2, string? MeetName, DateTimeOffset DetectedAt);

public sealed record ResultReviewItem(
    Guid Id, string Status, Guid AthleteId, string AthleteName, string MeetName, string RaceName,
    Guid ResultId1, int Time1Cs, Guid ResultId2, int Time2Cs, int TimeDifferenceCs, DateTimeOffset DetectedAt);

/// <summary>What resolving a review item changed, so the operator sees the effect of a merge.</summary>
public sealed record ReviewResolution(Guid Id, string Status, int ResultsMoved, int DuplicateResultsRemoved, int NonFinishersMoved);

/// <summary>
/// The review queues: athletes matched with less than full certainty, and one athlete with two
/// times in one race. Every resolution is one transaction, including the derived rebuild it needs.
/// </summary>
public sealed class ReviewStore(NpgsqlDataSource dataSource)
{
    public static readonly string[] AthleteResolutions = ["same_person", "different_people", "ignored"];
    public static readonly string[] ResultResolutions = ["keep_both", "keep_first", "keep_second", "ignored"];

    public async Task<IReadOnlyList<AthleteReviewItem>> ListAthletesAsync(string status, string? meetId, int limit, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT p.id, p.status, p.conflict_type, p.school_id, s.name, p.athlete_id_1, p.name_1, p.athlete_id_2, p.name_2,
                   p.grad_year_1, p.grad_year_2, m.name, p.detected_at
            FROM potential_duplicate_athletes p
            JOIN schools s ON s.id = p.school_id
            LEFT JOIN meets m ON m.id = p.meet_id
            WHERE p.status = @status AND (@meet::text IS NULL OR m.athletic_net_id = @meet)
            ORDER BY p.detected_at, p.id LIMIT @limit
            """);
        command.Parameters.AddWithValue("status", status);
        command.Parameters.AddWithValue("meet", (object?)meetId ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", limit);
        var items = new List<AthleteReviewItem>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            items.Add(new AthleteReviewItem(
                reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetGuid(3), reader.GetString(4), reader.GetGuid(5),
                Text(reader, 6), reader.IsDBNull(7) ? null : reader.GetGuid(7), reader.GetString(8), Int(reader, 9), Int(reader, 10),
                Text(reader, 11), reader.GetFieldValue<DateTimeOffset>(12)));
        }

        return items;
    }

    public async Task<IReadOnlyList<ResultReviewItem>> ListResultsAsync(string status, string? meetId, int limit, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT p.id, p.status, p.athlete_id, a.name, m.name, r.name, p.result_id_1, p.time_1_cs, p.result_id_2, p.time_2_cs,
                   p.time_difference_cs, p.detected_at
            FROM potential_duplicates p
            JOIN athletes a ON a.id = p.athlete_id JOIN meets m ON m.id = p.meet_id JOIN races r ON r.id = p.race_id
            WHERE p.status = @status AND (@meet::text IS NULL OR m.athletic_net_id = @meet)
            ORDER BY p.detected_at, p.id LIMIT @limit
            """);
        command.Parameters.AddWithValue("status", status);
        command.Parameters.AddWithValue("meet", (object?)meetId ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", limit);
        var items = new List<ResultReviewItem>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            items.Add(new ResultReviewItem(
                reader.GetGuid(0), reader.GetString(1), reader.GetGuid(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                reader.GetGuid(6), reader.GetInt32(7), reader.GetGuid(8), reader.GetInt32(9), reader.GetInt32(10),
                reader.GetFieldValue<DateTimeOffset>(11)));
        }

        return items;
    }

    /// <summary>
    /// same_person merges the second athlete into the first: their results and non-finishes move over
    /// (a finish both already hold, same race and time, is the same finish and is kept once), the
    /// second athlete is removed, and the derived data of the kept athlete is rebuilt.
    /// </summary>
    public async Task<ReviewResolution> ResolveAthleteAsync(Guid id, string resolution, string? notes, CancellationToken ct)
    {
        if (!AthleteResolutions.Contains(resolution))
        {
            throw new RequestValidationException($"resolution must be one of: {string.Join(", ", AthleteResolutions)}.");
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var (keep, drop, _) = await LockPendingAsync(
            connection, transaction, "SELECT athlete_id_1, athlete_id_2, status FROM potential_duplicate_athletes WHERE id = @id FOR UPDATE", id, ct);
        int moved = 0, removed = 0, nonFinishers = 0;
        if (resolution == "same_person")
        {
            if (drop is not { } dropId || dropId == keep)
            {
                throw new ReviewStateException("This review item names only one athlete; there is nothing to merge. Resolve it as different_people or ignored.");
            }

            const string sameFinishes =
                "SELECT d.id FROM results d JOIN results k ON k.race_id = d.race_id AND k.time_cs = d.time_cs WHERE d.athlete_id = @drop AND k.athlete_id = @keep";
            foreach (var statement in ResultRemoval.Before(sameFinishes))
            {
                await Commands.ExecuteAsync(connection, transaction, statement, ct, ("keep", keep), ("drop", dropId));
            }

            removed = await Commands.ExecuteAsync(connection, transaction, $"DELETE FROM results WHERE id IN ({sameFinishes})", ct, ("keep", keep), ("drop", dropId));
            moved = await Commands.ExecuteAsync(connection, transaction,
                "UPDATE results SET athlete_id = @keep, updated_at = now() WHERE athlete_id = @drop", ct, ("keep", keep), ("drop", dropId));
            await Commands.ExecuteAsync(connection, transaction,
                "DELETE FROM non_finishers d USING non_finishers k WHERE d.athlete_id = @drop AND k.athlete_id = @keep AND k.race_id = d.race_id",
                ct, ("keep", keep), ("drop", dropId));
            nonFinishers = await Commands.ExecuteAsync(connection, transaction,
                "UPDATE non_finishers SET athlete_id = @keep, updated_at = now() WHERE athlete_id = @drop", ct, ("keep", keep), ("drop", dropId));
            // Other review items about the removed athlete now concern the kept one.
            await Commands.ExecuteAsync(connection, transaction,
                "UPDATE potential_duplicate_athletes SET athlete_id_2 = @keep WHERE athlete_id_2 = @drop AND id <> @id",
                ct, ("keep", keep), ("drop", dropId), ("id", id));
            await Commands.ExecuteAsync(connection, transaction, "DELETE FROM athletes WHERE id = @drop", ct, ("drop", dropId));
            await DerivedScopes.RebuildAthletesAsync(connection, transaction, [keep], ct);
        }

        await Commands.ExecuteAsync(connection, transaction,
            "UPDATE potential_duplicate_athletes SET status = @status, resolution_notes = @notes, resolved_at = now(), resolved_by = 'admin' WHERE id = @id",
            ct, ("status", resolution), ("notes", (object?)notes ?? DBNull.Value), ("id", id));
        await transaction.CommitAsync(ct);
        return new ReviewResolution(id, resolution, moved, removed, nonFinishers);
    }

    /// <summary>
    /// keep_first/keep_second mark the other time as replaced by the kept one (never deleted: the site
    /// shows replaced results as such) and rebuild the athlete's derived data; keep_both records that
    /// both times are real.
    /// </summary>
    public async Task<ReviewResolution> ResolveResultAsync(Guid id, string resolution, string? notes, CancellationToken ct)
    {
        if (!ResultResolutions.Contains(resolution))
        {
            throw new RequestValidationException($"resolution must be one of: {string.Join(", ", ResultResolutions)}.");
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var (first, second, _) = await LockPendingAsync(
            connection, transaction, "SELECT result_id_1, result_id_2, status FROM potential_duplicates WHERE id = @id FOR UPDATE", id, ct);
        if (resolution is "keep_first" or "keep_second")
        {
            var (kept, replaced) = resolution == "keep_first" ? (first, second!.Value) : (second!.Value, first);
            await Commands.ExecuteAsync(connection, transaction,
                "UPDATE results SET validation_status = 'replaced', replaced_by = @kept, updated_at = now() WHERE id = @replaced",
                ct, ("kept", kept), ("replaced", replaced));
            await Commands.ExecuteAsync(connection, transaction,
                "UPDATE results SET validation_status = 'confirmed', updated_at = now() WHERE id = @kept", ct, ("kept", kept));
            await using var athlete = new NpgsqlCommand("SELECT athlete_id FROM results WHERE id = @kept", connection, transaction);
            athlete.Parameters.AddWithValue("kept", kept);
            await DerivedScopes.RebuildAthletesAsync(connection, transaction, [(Guid)(await athlete.ExecuteScalarAsync(ct))!], ct);
        }

        var status = resolution == "ignored" ? "ignored" : "resolved";
        var text = resolution is "ignored" ? notes : $"{resolution}{(string.IsNullOrWhiteSpace(notes) ? "" : ": " + notes)}";
        await Commands.ExecuteAsync(connection, transaction,
            "UPDATE potential_duplicates SET status = @status, resolution_notes = @notes, resolved_at = now(), resolved_by = 'admin' WHERE id = @id",
            ct, ("status", status), ("notes", (object?)text ?? DBNull.Value), ("id", id));
        await transaction.CommitAsync(ct);
        return new ReviewResolution(id, status, 0, 0, 0);
    }

    private static async Task<(Guid First, Guid? Second, string Status)> LockPendingAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, Guid id, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            throw new KeyNotFoundException($"No review item {id}.");
        }

        var row = (reader.GetGuid(0), reader.IsDBNull(1) ? (Guid?)null : reader.GetGuid(1), reader.GetString(2));
        if (row.Item3 != "pending")
        {
            throw new ReviewStateException($"Review item {id} is already {row.Item3}.");
        }

        return row;
    }

    private static string? Text(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

    private static int? Int(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetInt32(i);
}
