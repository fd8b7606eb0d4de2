using Npgsql;
using XcAspire.Silo.Grains.Contracts;
using XcAspire.Silo.Staging;
using XcAspire.Silo.Sources;

namespace XcAspire.Silo.Steps;

/// <summary>
/// The RaceGrain's scrape step. The first race of a job to run fetches the meet (GetMeetData and the one
/// whole-meet results call, both stored in PostgreSQL) and stages the meet's own rows; every race then
/// reads its rows from the stored response (or calls the per-race endpoint when its race is missing
/// there) and stages them for import.
/// </summary>
public sealed class ScrapeRaceStep(MeetScraper scraper, ScrapedFolderExport export) : IRaceStep
{
    public async Task<IRaceStepEffects> RunAsync(RaceStepContext context, CancellationToken ct)
    {
        try
        {
            await EnsureMeetFetchedAsync(context, ct);
            var rows = await scraper.ReadRaceAsync(context.MeetId, context.RaceId, context.JobId, ct);
            return new Effects(context, rows, export);
        }
        catch (SourceException e) when (!e.IsTransient)
        {
            // A refusal, a challenge page or a shape we cannot read does not get better by retrying.
            throw new PermanentStepException(e.Message, e);
        }
    }

    /// <summary>
    /// A session advisory lock per job makes the whole-meet fetch happen once however many races start
    /// together on however many silos; the others wait for it, then find the stored response.
    /// </summary>
    private async Task EnsureMeetFetchedAsync(RaceStepContext context, CancellationToken ct)
    {
        await using var connection = await context.DataSource.OpenConnectionAsync(ct);
        var lockKey = JobLockKey(context.JobId);
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection))
        {
            take.Parameters.AddWithValue("key", lockKey);
            await take.ExecuteNonQueryAsync(ct);
        }

        try
        {
            if (await StagedRows.LoadMeetAsync(context.DataSource, context.JobId, ct) is null)
            {
                var metadata = await scraper.FetchMeetAsync(context.MeetId, context.JobId, ct);
                // The meet's own part: every race the source lists (each race's rows come with its own step).
                var meet = MeetSnapshotAssembler.Assemble(metadata, []) with { Races = metadata.Races };
                await using var transaction = await connection.BeginTransactionAsync(ct);
                await StagedRows.SaveMeetAsync(connection, transaction, context.JobId, meet, ct);
                await transaction.CommitAsync(ct);
                await export.WriteMeetAsync(context.DataSource, context.JobId, meet, ct);
            }
        }
        finally
        {
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
            release.Parameters.AddWithValue("key", lockKey);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    // Folded from the job id; a collision only makes two jobs' first fetches wait for each other.
    private static long JobLockKey(Guid jobId) => BitConverter.ToInt64(jobId.ToByteArray(), 0);

    private sealed class Effects(RaceStepContext context, RaceRows rows, ScrapedFolderExport export) : IRaceStepEffects
    {
        public async Task<RowOutcomeCounts> WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
        {
            await StagedRows.SaveRaceAsync(connection, transaction, context.JobId, rows.Race, rows.Results, rows.Rejected, ct);
            // The CSV export is for people; PostgreSQL holds the durable copy. A retried race rewrites it.
            await export.WriteRaceAsync(connection, transaction, context.JobId, rows, ct);
            return RowOutcomeCounts.None with { Read = rows.RowCount };
        }
    }
}
