using Npgsql;
using XcAspire.Silo.Grains.Contracts;

namespace XcAspire.Api.Data;

public sealed record RemovedMeetResults(string MeetId, int ResultsRemoved, int NonFinishersRemoved, int RacesRebuilt);

public sealed record DerivedRebuilt(string Scope, int RacesRebuilt);

/// <summary>
/// Operator maintenance: removing a meet's imported results and rebuilding derived data on demand. Each
/// is one transaction, derived rebuild included, so the site never reads a half-done state.
/// </summary>
public sealed class MaintenanceStore(NpgsqlDataSource dataSource, IGrainFactory grains)
{
    // Races whose derived rows can change when a meet's results go: every other race its athletes ran
    // (their bests and rankings) and every other race on its courses (the course records).
    private const string AffectedRaces =
        """
        SELECT DISTINCT ra.athletic_net_race_id FROM results r JOIN races ra ON ra.id = r.race_id
        WHERE r.meet_id <> @meet AND r.athlete_id IN (SELECT athlete_id FROM results WHERE meet_id = @meet)
        UNION
        SELECT ra.athletic_net_race_id FROM races ra
        WHERE ra.meet_id <> @meet AND ra.course_id IN (SELECT course_id FROM races WHERE meet_id = @meet AND course_id IS NOT NULL)
        """;

    public async Task<RemovedMeetResults> RemoveMeetResultsAsync(string meetId, CancellationToken ct)
    {
        if (await grains.GetMeetGrain(meetId).GetStateAsync() is { } current && current.Status.IsActive())
        {
            throw new ActiveJobConflictException(meetId, current.JobId);
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var dbMeet = await MeetRowAsync(connection, transaction, meetId, ct);

        // Collected before the delete: afterwards the links from this meet to those races are gone.
        var affected = await Commands.ReadStringsAsync(connection, transaction, AffectedRaces, ct, ("meet", dbMeet));

        foreach (var statement in Silo.Import.Derived.ResultRemoval.Before("SELECT id FROM results WHERE meet_id = @meet"))
        {
            await Commands.ExecuteAsync(connection, transaction, statement, ct, ("meet", dbMeet));
        }

        var results = await Commands.ExecuteAsync(connection, transaction, "DELETE FROM results WHERE meet_id = @meet", ct, ("meet", dbMeet));
        var nonFinishers = await Commands.ExecuteAsync(connection, transaction, "DELETE FROM non_finishers WHERE meet_id = @meet", ct, ("meet", dbMeet));
        await Commands.ExecuteAsync(connection, transaction, "UPDATE meets SET result_count = 0, updated_at = now() WHERE id = @meet", ct, ("meet", dbMeet));
        if (affected.Count > 0)
        {
            await Silo.Import.Derived.DerivedRebuild.RebuildAsync(connection, transaction, affected, ct);
        }

        await transaction.CommitAsync(ct);
        return new RemovedMeetResults(meetId, results, nonFinishers, affected.Count);
    }

    /// <summary>Rebuilds derived data for every race, one meet's races or one course's races.</summary>
    public async Task<DerivedRebuilt> RebuildAsync(string? meetId, Guid? courseId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        int races;
        string scope;
        if (meetId is not null)
        {
            var dbMeet = await MeetRowAsync(connection, transaction, meetId, ct);
            races = await DerivedScopes.RebuildRacesWhereAsync(
                connection, transaction, "SELECT athletic_net_race_id FROM races WHERE meet_id = @meet", ct, ("meet", dbMeet));
            scope = $"meet {meetId}";
        }
        else if (courseId is { } course)
        {
            await using var exists = new NpgsqlCommand("SELECT 1 FROM courses WHERE id = @course", connection, transaction);
            exists.Parameters.AddWithValue("course", course);
            _ = await exists.ExecuteScalarAsync(ct) ?? throw new KeyNotFoundException($"No course {course}.");
            races = await DerivedScopes.RebuildRacesWhereAsync(
                connection, transaction, "SELECT athletic_net_race_id FROM races WHERE course_id = @course", ct, ("course", course));
            scope = $"course {course}";
        }
        else
        {
            races = await DerivedScopes.RebuildRacesWhereAsync(connection, transaction, "SELECT athletic_net_race_id FROM races", ct);
            scope = "all";
        }

        await transaction.CommitAsync(ct);
        return new DerivedRebuilt(scope, races);
    }

    private static async Task<Guid> MeetRowAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string meetId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT id FROM meets WHERE athletic_net_id = @meet FOR UPDATE", connection, transaction);
        command.Parameters.AddWithValue("meet", meetId);
        return await command.ExecuteScalarAsync(ct) as Guid? ?? throw new KeyNotFoundException($"No imported meet {meetId}.");
    }
}
