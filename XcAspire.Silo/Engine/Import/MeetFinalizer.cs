using System.Diagnostics;
using Npgsql;
using XcAspire.ServiceDefaults.Telemetry;
using XcAspire.Silo.Import.Derived;
using XcAspire.Silo.Import.Reconciliation;
using XcAspire.Silo.MeetData;

namespace XcAspire.Silo.Import;

/// <summary>What the meet-level step did: the reconciliation report (stored under <see cref="ReportJobId"/>) and the timings.</summary>
public sealed record MeetFinalizeResult(Guid ReportJobId, ReconciliationSummary Reconciliation, long DerivedRebuildMs);

/// <summary>
/// The meet-level step, run once after the meet's last race (MeetGrain) or after an in-process import:
/// reconciliation of the source rows against the database, then the derived rebuild for what the
/// import touched. Inside the caller's transaction; never commits or rolls back.
/// </summary>
public static class MeetFinalizer
{
    public static async Task<MeetFinalizeResult> FinalizeAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, MeetSnapshot meet, Guid? jobId, CancellationToken ct)
    {
        using var activity = XcTelemetry.Source.StartActivity("finalize meet");
        activity?.SetTag("xc.meet_id", meet.Meet.AthleticNetMeetId);
        var reportId = jobId ?? Guid.NewGuid();
        var reconciliation = await Reconciler.ReconcileAsync(conn, tx, meet, reportId, ct);
        var watch = Stopwatch.StartNew();
        await DerivedRebuild.RebuildAsync(conn, tx, meet.Races.Select(r => r.AthleticNetRaceId).ToList(), ct);
        return new MeetFinalizeResult(reportId, reconciliation, watch.ElapsedMilliseconds);
    }
}
