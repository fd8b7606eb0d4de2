using System.Globalization;
using System.Text;

namespace XcAspire.ServiceDefaults.Migrations.Adopt;

public enum AdoptionStatus
{
    /// <summary>Adoption was applied and committed.</summary>
    Adopted,

    /// <summary>A check: adoption would apply cleanly; nothing was changed.</summary>
    WouldAdopt,

    /// <summary>The database already carries XcAspire's migration history, and its catalog has not drifted: nothing to do.</summary>
    AlreadyAdopted,

    /// <summary>A check of an adopted database: its catalog drifted from XcAspire's schema; nothing was changed.</summary>
    WouldRealign,

    /// <summary>What drifted on an adopted database was put back and committed.</summary>
    Realigned,

    /// <summary>Not the site's schema (empty, or something else): nothing to adopt.</summary>
    NotSiteDatabase,

    /// <summary>Rows the new keys would reject, or a column type XcAspire cannot work with: nothing was changed.</summary>
    Blocked,
}

/// <summary>Rows that share one value of a key, or break one rule; <see cref="KeepId"/> is the row a resolve command keeps.</summary>
public sealed record BlockedGroup(string Value, string? KeepId, IReadOnlyList<string> RowIds);

/// <summary>
/// A rule XcAspire's schema adds that existing rows break, or a column whose type XcAspire cannot
/// work with (no <see cref="Groups"/>), with the command that resolves it.
/// </summary>
public sealed record AdoptionBlocker(string Table, string Key, string Rule, IReadOnlyList<BlockedGroup> Groups, string Resolve)
{
    public int RowCount => Groups.Sum(g => g.RowIds.Count);
}

/// <summary>A data change and how many rows it touched.</summary>
public sealed record DataChange(string What, long Rows);

public sealed record AdoptionReport(
    AdoptionStatus Status,
    string Message,
    IReadOnlyList<string> TriggersDropped,
    IReadOnlyList<SchemaChange> SchemaChanges,
    IReadOnlyList<DataChange> DataChanges,
    IReadOnlyList<AdoptionBlocker> Blockers)
{
    public static AdoptionReport Nothing(AdoptionStatus status, string message) => new(status, message, [], [], [], []);

    public int Count(ChangeKind kind) => SchemaChanges.Count(c => c.Kind == kind);

    /// <summary>Whether the database differs from XcAspire's schema in anything that is put right (notes aside).</summary>
    public bool Drifted => TriggersDropped.Count > 0 || SchemaChanges.Any(c => !c.IsNote) || Blockers.Count > 0;

    /// <summary>The report as people read it: counts first, then every item.</summary>
    public string Format()
    {
        var text = new StringBuilder();
        text.AppendLine(Message);
        if (Status is AdoptionStatus.NotSiteDatabase)
        {
            return text.ToString();
        }

        Notes(text, "Accepted as they are (XcAspire adapts to the site's type; nothing is altered):", ChangeKind.AcceptedType);
        Notes(text, "The site's foreign keys, kept with their names and actions where XcAspire's would act otherwise " +
                    "(XcAspire removes or clears the rows naming a result before it deletes the result, as its own keys would, " +
                    "so its deletes work under the site's):", ChangeKind.KeptForeignKey);
        if (Status is AdoptionStatus.AlreadyAdopted)
        {
            return text.ToString();
        }

        text.AppendLine();
        Line(text, "per-row triggers dropped (functions kept)", TriggersDropped.Count);
        foreach (var kind in Enum.GetValues<ChangeKind>())
        {
            Line(text, Describe(kind), Count(kind));
        }

        Line(text, "rows changed", DataChanges.Sum(d => d.Rows));

        if (TriggersDropped.Count > 0)
        {
            text.AppendLine().AppendLine("Triggers dropped:");
            foreach (var trigger in TriggersDropped)
            {
                text.Append("  ").AppendLine(trigger);
            }
        }

        if (SchemaChanges.Any(c => !c.IsNote))
        {
            text.AppendLine().AppendLine("Schema changes:");
            foreach (var change in SchemaChanges.Where(c => !c.IsNote))
            {
                text.Append("  ").AppendLine(change.ToString());
            }
        }

        if (DataChanges.Count > 0)
        {
            text.AppendLine().AppendLine("Data changes:");
            foreach (var change in DataChanges)
            {
                text.Append(CultureInfo.InvariantCulture, $"  {change.Rows,6}  {change.What}").AppendLine();
            }
        }

        foreach (var blocker in Blockers)
        {
            var rows = blocker.Groups.Count > 0 ? $" — {blocker.RowCount} row(s)" : string.Empty;
            text.AppendLine().Append(CultureInfo.InvariantCulture, $"BLOCKED {blocker.Table} {blocker.Key}: {blocker.Rule}{rows}").AppendLine();
            foreach (var group in blocker.Groups)
            {
                text.Append("  ").Append(group.Value).Append(": ").AppendLine(string.Join(", ", group.RowIds));
            }

            text.AppendLine("  resolve with:");
            foreach (var line in blocker.Resolve.Split('\n'))
            {
                text.Append("    ").AppendLine(line);
            }
        }

        return text.ToString();
    }

    private void Notes(StringBuilder text, string heading, ChangeKind kind)
    {
        if (Count(kind) == 0)
        {
            return;
        }

        text.AppendLine().AppendLine(heading);
        foreach (var note in SchemaChanges.Where(c => c.Kind == kind))
        {
            text.Append("  ").AppendLine(note.ToString());
        }
    }

    private static void Line(StringBuilder text, string what, long count) =>
        text.Append(CultureInfo.InvariantCulture, $"  {count,6}  {what}").AppendLine();

    private static string Describe(ChangeKind kind) => kind switch
    {
        ChangeKind.CreateTable => "tables created",
        ChangeKind.AddColumn => "columns added",
        ChangeKind.IncompatibleColumn => "columns of a type XcAspire cannot work with",
        ChangeKind.AcceptedType => "column types accepted as they are",
        ChangeKind.KeptForeignKey => "site foreign keys kept with other actions",
        ChangeKind.DropConstraint => "site constraints dropped or replaced (or a second foreign key)",
        ChangeKind.DropIndex => "site unique indexes dropped",
        ChangeKind.SetDefault => "column defaults set",
        ChangeKind.SetNotNull => "columns made NOT NULL",
        ChangeKind.DropNotNull => "columns made nullable",
        ChangeKind.AddConstraint => "constraints added",
        ChangeKind.CreateIndex => "indexes created",
        _ => kind.ToString(),
    };
}
