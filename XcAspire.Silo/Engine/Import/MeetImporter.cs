using System.Diagnostics;
using Npgsql;
using XcAspire.Silo.Grains.Contracts;
using XcAspire.Silo.Import.Races;
using XcAspire.Silo.MeetData;

namespace XcAspire.Silo.Import;

/// <summary>
/// What a whole-meet import did. <see cref="Counts"/> covers every input row of the meet (the races'
/// rows and the rows that named no race of the meet); the four outcomes add up to <c>Counts.Read</c>.
/// </summary>
public sealed record MeetImportResult(
    Guid JobId,
    bool DryRun,
    RowOutcomeCounts Counts,
    IReadOnlyList<RaceImportResult> Races,
    int UnassignedRejected,
    MeetFinalizeResult Finalize,
    long ImportMs,
    IReadOnlyList<string> Warnings);

/// <summary>
/// Imports a whole meet in this process, without grains: each race in its own transaction, then the
/// meet-level step. A dry run runs everything in one transaction (so later races see the athletes
/// earlier ones would create, exactly as a real run) and rolls it back: same outcomes and
/// reconciliation, nothing written. Used by the API's dry run and by the benchmark.
/// </summary>
public sealed class MeetImporter(NpgsqlDataSource dataSource)
{
    public async Task<MeetImportResult> ImportAsync(MeetSnapshot meet, Guid? jobId, bool dryRun, CancellationToken ct)
    {
        var job = jobId ?? Guid.NewGuid();
        var watch = Stopwatch.StartNew();
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var races = new List<RaceImportResult>();
        var warnings = new List<string>(meet.Warnings);
        NpgsqlTransaction? dryRunTx = dryRun ? await conn.BeginTransactionAsync(ct) : null;
        try
        {
            var unassigned = await WithTransactionAsync(conn, dryRunTx, tx => UnassignedRows.RecordAsync(conn, tx, meet, job, ct), ct);
            if (dryRunTx is not null)
            {
                foreach (var race in meet.Races)
                {
                    races.Add(await RaceImporter.ImportRaceAsync(conn, dryRunTx, meet, race.AthleticNetRaceId, job, ct));
                }
            }
            else
            {
                races.AddRange(await ImportRacesInParallelAsync(conn, meet, job, ct));
            }

            warnings.AddRange(races.SelectMany(r => r.Warnings));

            var finalize = await WithTransactionAsync(conn, dryRunTx, tx => MeetFinalizer.FinalizeAsync(conn, tx, meet, job, ct), ct);
            if (dryRunTx is not null)
            {
                await dryRunTx.RollbackAsync(ct);
            }

            var counts = races.Select(r => r.Counts).Aggregate(new RowOutcomeCounts(unassigned, 0, 0, 0, unassigned, 0), Add);
            return new MeetImportResult(job, dryRun, counts, races, unassigned, finalize, watch.ElapsedMilliseconds, warnings);
        }
        finally
        {
            if (dryRunTx is not null)
            {
                await dryRunTx.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Races on <see cref="Workers"/> connections at once, as two silos would run them: the name
    /// claims keep athlete creation safe, and a race that loses a deadlock to another (two new
    /// athletes' slugs taken in opposite order) is retried from scratch.
    /// </summary>
    private async Task<IReadOnlyList<RaceImportResult>> ImportRacesInParallelAsync(NpgsqlConnection first, MeetSnapshot meet, Guid job, CancellationToken ct)
    {
        var results = new RaceImportResult[meet.Races.Count];
        var next = -1;
        async Task WorkAsync(NpgsqlConnection conn)
        {
            for (var i = Interlocked.Increment(ref next); i < results.Length; i = Interlocked.Increment(ref next))
            {
                var raceId = meet.Races[i].AthleticNetRaceId;
                results[i] = await ImportErrors.RunAgainWhenLostAsync(
                    () => WithTransactionAsync(conn, null, tx => RaceImporter.ImportRaceAsync(conn, tx, meet, raceId, job, ct), ct));
            }
        }

        var others = new List<NpgsqlConnection>();
        try
        {
            for (var i = 1; i < Math.Min(Workers, results.Length); i++)
            {
                others.Add(await dataSource.OpenConnectionAsync(ct));
            }

            await Task.WhenAll(others.Prepend(first).Select(WorkAsync));
            return results;
        }
        finally
        {
            foreach (var conn in others)
            {
                await conn.DisposeAsync();
            }
        }
    }

    // Two: one per core of the machines this runs on; more only queue on the same CPUs.
    private const int Workers = 2;

    private static async Task<T> WithTransactionAsync<T>(NpgsqlConnection conn, NpgsqlTransaction? shared, Func<NpgsqlTransaction, Task<T>> work, CancellationToken ct)
    {
        if (shared is not null)
        {
            return await work(shared);
        }

        await using var tx = await conn.BeginTransactionAsync(ct);
        var result = await work(tx);
        await tx.CommitAsync(ct);
        return result;
    }

    private static RowOutcomeCounts Add(RowOutcomeCounts a, RowOutcomeCounts b) =>
        new(a.Read + b.Read, a.Inserted + b.Inserted, a.AlreadyPresent + b.AlreadyPresent, a.Updated + b.Updated, a.Rejected + b.Rejected, a.Flagged + b.Flagged);
}
