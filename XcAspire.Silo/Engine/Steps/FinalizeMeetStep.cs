using Npgsql;
using XcAspire.Silo.Staging;
using XcAspire.Silo.Import;
using XcAspire.Silo.Import.Races;

namespace XcAspire.Silo.Steps;

/// <summary>
/// The MeetGrain's meet-level step, run once when a job's last race ends: reconciliation of the
/// staged rows against the database, then the derived rebuild for what the import touched.
/// </summary>
public sealed class FinalizeMeetStep : IMeetStep
{
    public async Task RunAsync(MeetStepContext context, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        var staged = await StagedRows.LoadJobAsync(context.DataSource, context.JobId, ct)
            ?? throw new PermanentStepException($"Job {context.JobId} has no staged rows to reconcile.");
        var meet = await JobChoices.ApplyAsync(context.DataSource, context.JobId, staged, ct);
        // Rows that named no race of the meet are counted on the job already; here they get their reasons.
        await UnassignedRows.RecordAsync(connection, transaction, meet, context.JobId, ct);
        await MeetFinalizer.FinalizeAsync(connection, transaction, meet, context.JobId, ct);
    }
}
