using Npgsql;
using XcAspire.Silo.Grains.Contracts;
using XcAspire.Silo.Staging;
using XcAspire.Silo.Import.Races;
using XcAspire.Silo.MeetData;

namespace XcAspire.Silo.Steps;

/// <summary>
/// The RaceGrain's import step: loads the race's staged rows (with the operator's venue and course
/// choices applied) outside the transaction, then imports them inside the silo's transaction, so the
/// race's rows and its phase change commit together or not at all.
/// </summary>
public sealed class ImportRaceStep : IRaceStep
{
    public async Task<IRaceStepEffects> RunAsync(RaceStepContext context, CancellationToken ct)
    {
        var staged = await StagedRows.LoadRaceAsync(context.DataSource, context.JobId, context.RaceId, ct)
            ?? throw new PermanentStepException($"Race {context.RaceId} has no scraped rows to import; scrape it again.");
        var meet = await JobChoices.ApplyAsync(context.DataSource, context.JobId, staged, ct);
        return new Effects(context, meet);
    }

    private sealed class Effects(RaceStepContext context, MeetSnapshot meet) : IRaceStepEffects
    {
        public async Task<RowOutcomeCounts> WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
        {
            var result = await RaceImporter.ImportRaceAsync(connection, transaction, meet, context.RaceId, context.JobId, ct);
            return result.Counts;
        }
    }
}
