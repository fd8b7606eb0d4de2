using XcAspire.Silo.Grains.Contracts;
using XcAspire.Silo.Import;

namespace XcAspire.Api.Endpoints;

public sealed record DryRunRace(string RaceId, ResultOutcomeCounts Results, IReadOnlyList<string> Warnings);

public sealed record DryRunReconciliation(int SourceRows, int DatabaseRows, int Matched, IReadOnlyDictionary<string, int> Categories);

/// <summary>What an import would do, computed by running it and rolling it back: nothing was written.</summary>
public sealed record DryRunResponse(
    bool DryRun, string MeetId, ResultOutcomeCounts Results, IReadOnlyList<DryRunRace> Races, int UnassignedRejected,
    DryRunReconciliation Reconciliation, IReadOnlyList<string> Warnings)
{
    public static DryRunResponse From(string meetId, MeetImportResult result)
    {
        var reconciliation = result.Finalize.Reconciliation;
        return new DryRunResponse(
            true,
            meetId,
            Counts(result.Counts),
            result.Races.Select(r => new DryRunRace(r.AthleticNetRaceId, Counts(r.Counts), r.Warnings)).ToList(),
            result.UnassignedRejected,
            new DryRunReconciliation(reconciliation.SourceRows, reconciliation.DatabaseRows, reconciliation.Matched, reconciliation.Categories),
            result.Warnings);
    }

    private static ResultOutcomeCounts Counts(RowOutcomeCounts c) =>
        new(c.Read, c.Inserted, c.AlreadyPresent, c.Updated, c.Rejected, c.Flagged);
}
