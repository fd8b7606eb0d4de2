using System.Globalization;
using System.Text.RegularExpressions;

namespace XcAspire.ServiceDefaults.Migrations.Adopt;

/// <summary>
/// Judges a site column whose type differs from XcAspire's. Altering a column's type takes an
/// exclusive lock, rewrites the table under the live site, fails on dependent views, and changes
/// what the site reads, so a type XcAspire can read and write without loss is accepted as it is
/// (<see cref="ChangeKind.AcceptedType"/>) and XcAspire adapts to it; only a type it cannot work
/// with is a change (<see cref="ChangeKind.IncompatibleColumn"/>), which blocks adoption until
/// someone runs the command the report gives.
/// </summary>
public static partial class ColumnTypes
{
    public static IReadOnlyList<SchemaChange> Compare(SchemaCatalog reference, SchemaCatalog site)
    {
        var changes = new List<SchemaChange>();
        foreach (var wanted in reference.Columns.Where(c => site.Tables.Contains(c.Table)).OrderBy(c => c.Table, StringComparer.Ordinal))
        {
            if (site.Column(wanted.Table, wanted.Name) is not { } have || have.Type == wanted.Type)
            {
                continue;
            }

            var (accepted, how) = Judge(reference, wanted, have.Type);
            changes.Add(new SchemaChange(accepted ? ChangeKind.AcceptedType : ChangeKind.IncompatibleColumn, wanted.Table, wanted.Name,
                $"the site has {have.Type}, XcAspire's is {wanted.Type}: {how}", Type: wanted.Type, SiteType: have.Type));
        }

        return changes;
    }

    /// <summary>Whether XcAspire can work with the site's type for this column, and what that takes or why not.</summary>
    private static (bool Accepted, string How) Judge(SchemaCatalog reference, CatalogColumn wanted, string siteType)
    {
        if (wanted.Type == "text")
        {
            return JudgeText(reference, wanted, siteType);
        }

        if (NumericType().Match(wanted.Type).Success && NumericType().Match(siteType) is { Success: true } site)
        {
            // XcAspire's numerics stay below 10 where it writes them (a difficulty up to 3): one digit before the point holds them.
            return !site.Groups[1].Success ? (true, "an unconstrained numeric holds every value")
                : Number(site.Groups[1]) - Number(site.Groups[2]) >= 1 ? (true, $"values are kept to the site's {Number(site.Groups[2])} decimal places")
                : (false, "it cannot hold a value of 1 or more");
        }

        return (false, $"XcAspire reads and writes it as {wanted.Type}");
    }

    private static (bool, string) JudgeText(SchemaCatalog reference, CatalogColumn wanted, string siteType)
    {
        var key = $"{wanted.Table}.{wanted.Name}";
        if (siteType == "character varying")
        {
            return (true, "an unlimited character varying is text");
        }

        if (VarcharType().Match(siteType) is not { Success: true } varchar)
        {
            return XcWrites.Writes(wanted.Table, wanted.Name)
                ? (false, "XcAspire writes text into it")
                : (true, "XcAspire does not write it");
        }

        var width = Number(varchar.Groups[1]);
        if (XcWrites.OwnWords.TryGetValue(key, out var listed))
        {
            var widest = OwnWordsOf(reference, wanted, listed).MaxBy(w => w.Length) ?? string.Empty;
            return widest.Length <= width
                ? (true, $"XcAspire's longest word there, '{widest}', fits")
                : (false, $"XcAspire writes '{widest}' ({widest.Length} characters) into it");
        }

        if (XcWrites.OperatorText.Contains(key))
        {
            return (false, "an operator's notes have no length limit in XcAspire");
        }

        return XcWrites.SourceText.Contains(key)
            ? (true, $"an imported value longer than {width} characters is rejected as a row, with the reason")
            : (true, "XcAspire does not write it");
    }

    /// <summary>The words a column's CHECK constraints and default allow (quoted literals), and the listed ones.</summary>
    private static IEnumerable<string> OwnWordsOf(SchemaCatalog reference, CatalogColumn column, string[] listed)
    {
        var mentions = new Regex($@"\b{Regex.Escape(column.Name)}\b");
        var sources = reference.ConstraintsOf(column.Table)
            .Where(c => c.Kind == 'c' && mentions.IsMatch(c.Definition))
            .Select(c => c.Definition)
            .Append(column.Default ?? string.Empty);
        return sources.SelectMany(s => Literal().Matches(s).Select(m => m.Groups[1].Value.Replace("''", "'", StringComparison.Ordinal)))
            .Concat(listed);
    }

    private static int Number(Group group) => int.Parse(group.Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^character varying\((\d+)\)$")]
    private static partial Regex VarcharType();

    [GeneratedRegex(@"^numeric(?:\((\d+),(\d+)\))?$")]
    private static partial Regex NumericType();

    [GeneratedRegex(@"'((?:[^']|'')*)'")]
    private static partial Regex Literal();
}
