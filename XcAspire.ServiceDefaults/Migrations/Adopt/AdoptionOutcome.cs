using System.Globalization;

namespace XcAspire.ServiceDefaults.Migrations.Adopt;

/// <summary>How a run ends, and the first line of its report: adopting the site's database, or realigning an adopted one.</summary>
internal static class AdoptionOutcome
{
    public static AdoptionStatus Status(bool adopting, bool drifted, bool applied) => (adopting, drifted, applied) switch
    {
        (true, _, true) => AdoptionStatus.Adopted,
        (true, _, false) => AdoptionStatus.WouldAdopt,
        (false, false, _) => AdoptionStatus.AlreadyAdopted,
        (false, true, true) => AdoptionStatus.Realigned,
        (false, true, false) => AdoptionStatus.WouldRealign,
    };

    public static string Message(bool adopting, bool drifted, bool applied, IReadOnlyList<MigrationScript> target) => (adopting, drifted, applied) switch
    {
        (true, _, true) => $"Adopted: the site's database now has XcAspire's domain schema (migrations {Names(target)} recorded as applied).",
        (true, _, false) => "Check only: adoption would apply cleanly as listed below. Nothing was changed.",
        (false, false, _) => $"Already adopted, and nothing drifted: the catalog matches XcAspire's schema (migrations {Versions(target)} as recorded). Nothing to do.",
        (false, true, true) => "Realigned: what drifted from XcAspire's schema is put back, as listed below.",
        (false, true, false) => $"Drift: the database differs from XcAspire's schema (migrations {Versions(target)} as recorded) as listed below. " +
                                "Nothing was changed; ./xc adopt puts back what drifted, as listed.",
    };

    public static string Blocked(bool adopting, IReadOnlyList<AdoptionBlocker> blockers)
    {
        var types = blockers.Count(b => b.Groups.Count == 0);
        var rules = blockers.Count - types;
        var what = new List<string>();
        if (rules > 0)
        {
            what.Add($"{blockers.Sum(b => b.RowCount)} row(s) break {rules} of XcAspire's keys or rules");
        }

        if (types > 0)
        {
            what.Add($"{types} column(s) have a type XcAspire cannot work with");
        }

        return $"{(adopting ? "Adoption" : "Realigning the drift")} blocked: {string.Join("; ", what)}. " +
               "Nothing was changed. Resolve them (commands below), then run ./xc adopt again.";
    }

    private static string Names(IReadOnlyList<MigrationScript> migrations) => string.Join(", ", migrations.Select(m => m.Name));

    private static string Versions(IReadOnlyList<MigrationScript> migrations) =>
        string.Join(", ", migrations.Select(m => m.Version.ToString(CultureInfo.InvariantCulture)));
}
