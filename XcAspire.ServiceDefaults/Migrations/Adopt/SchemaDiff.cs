namespace XcAspire.ServiceDefaults.Migrations.Adopt;

public enum ChangeKind
{
    CreateTable,
    AddColumn,
    IncompatibleColumn,

    /// <summary>A note, not a change: a site column type XcAspire works with as it is.</summary>
    AcceptedType,

    /// <summary>A note, not a change: the site's foreign key kept in place of XcAspire's, with other actions.</summary>
    KeptForeignKey,
    DropConstraint,
    DropIndex,
    SetDefault,
    SetNotNull,
    DropNotNull,
    AddConstraint,
    CreateIndex,
}

/// <summary>
/// One difference between XcAspire's schema (its migrations built in a scratch schema) and the
/// site's, with what it takes to close it. <see cref="Detail"/> is a type, a definition or an index
/// signature. Where a column's type is concerned, <see cref="Type"/> is XcAspire's and
/// <see cref="SiteType"/> the site's.
/// </summary>
public sealed record SchemaChange(
    ChangeKind Kind, string Table, string Name, string Detail, string? Default = null, char ConstraintKind = ' ',
    string? Type = null, string? SiteType = null)
{
    /// <summary>A note for the report: nothing is changed for it, and it does not count as drift.</summary>
    public bool IsNote => Kind is ChangeKind.AcceptedType or ChangeKind.KeptForeignKey;

    public override string ToString() => Kind switch
    {
        ChangeKind.CreateTable => $"create table {Table}",
        ChangeKind.AddColumn => $"add column {Table}.{Name} {Detail}",
        ChangeKind.IncompatibleColumn => $"column {Table}.{Name}: {Detail}",
        ChangeKind.AcceptedType => $"{Table}.{Name}: {Detail}",
        ChangeKind.KeptForeignKey => $"{Table}.{Name}: {Detail}",
        ChangeKind.DropConstraint => $"drop constraint {Table}.{Name} ({Detail})",
        ChangeKind.DropIndex => $"drop index {Table}.{Name} ({Detail})",
        ChangeKind.SetDefault => $"set default of {Table}.{Name} to {Default}",
        ChangeKind.SetNotNull => $"set NOT NULL on {Table}.{Name}",
        ChangeKind.DropNotNull => $"drop NOT NULL on {Table}.{Name}",
        ChangeKind.AddConstraint => $"add constraint {Table}.{Name} {Detail}",
        ChangeKind.CreateIndex => $"create index {Table}.{Name} {Detail}",
        _ => $"{Kind} {Table}.{Name}",
    };
}

/// <summary>
/// What the site's schema lacks, or has in a way that contradicts XcAspire's, for every table
/// XcAspire's migrations define. Tables and objects of the site's own that XcAspire does not
/// define are left alone, except unique and check constraints on XcAspire's tables: those would
/// reject rows XcAspire's model allows (one meet running two races with one title, two schools
/// sharing a name), so they go, each named in the report. Column types are judged by
/// <see cref="ColumnTypes"/>; the reference compared here already has the site's accepted types.
/// A foreign key is the site's to keep whatever it is called and whatever its actions: XcAspire's
/// is added only where no foreign key ties the same columns to the same referenced columns.
/// </summary>
public static class SchemaDiff
{
    public static IReadOnlyList<SchemaChange> Compare(SchemaCatalog reference, SchemaCatalog site)
    {
        var changes = new List<SchemaChange>();
        var takenNames = new HashSet<string>(
            site.Constraints.Select(c => c.Name).Concat(site.Indexes.Select(i => i.Name)), StringComparer.Ordinal);

        foreach (var table in reference.Tables.Order(StringComparer.Ordinal))
        {
            var exists = site.Tables.Contains(table);
            if (!exists)
            {
                changes.Add(new SchemaChange(ChangeKind.CreateTable, table, table, "like XcAspire's"));
            }
            else
            {
                CompareColumns(reference, site, table, changes);
            }

            CompareConstraints(reference, site, table, changes);
            CompareIndexes(reference, site, table, changes, takenNames);
        }

        return changes;
    }

    private static void CompareColumns(SchemaCatalog reference, SchemaCatalog site, string table, List<SchemaChange> changes)
    {
        foreach (var wanted in reference.ColumnsOf(table))
        {
            var have = site.Column(table, wanted.Name);
            if (have is null)
            {
                changes.Add(new SchemaChange(ChangeKind.AddColumn, table, wanted.Name, wanted.Type, wanted.Default));
                if (wanted.NotNull)
                {
                    changes.Add(new SchemaChange(ChangeKind.SetNotNull, table, wanted.Name, wanted.Type, wanted.Default));
                }

                continue;
            }

            // XcAspire's writes leave defaulted columns out; a key generator is a key generator.
            if (wanted.Default is not null && have.Default != wanted.Default && !(IsUuidGenerator(wanted.Default) && IsUuidGenerator(have.Default)))
            {
                changes.Add(new SchemaChange(ChangeKind.SetDefault, table, wanted.Name, wanted.Type, wanted.Default));
            }

            if (wanted.NotNull && !have.NotNull)
            {
                changes.Add(new SchemaChange(ChangeKind.SetNotNull, table, wanted.Name, wanted.Type, wanted.Default));
            }
            else if (!wanted.NotNull && have.NotNull)
            {
                changes.Add(new SchemaChange(ChangeKind.DropNotNull, table, wanted.Name, wanted.Type));
            }
        }
    }

    private static bool IsUuidGenerator(string? expression) => expression is "gen_random_uuid()" or "uuid_generate_v4()";

    private static void CompareConstraints(SchemaCatalog reference, SchemaCatalog site, string table, List<SchemaChange> changes)
    {
        var siteConstraints = site.ConstraintsOf(table).ToList();
        var wantedNames = reference.ConstraintsOf(table).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);

        foreach (var have in siteConstraints.Where(c => c.Kind is 'u' or 'c' && !wantedNames.Contains(c.Name)))
        {
            changes.Add(new SchemaChange(ChangeKind.DropConstraint, table, have.Name, $"the site's own: {have.Definition}"));
        }

        foreach (var wanted in reference.ConstraintsOf(table))
        {
            if (wanted.Kind == 'f' && siteConstraints.Where(c => c.Kind == 'f' && c.References == wanted.References).ToList() is { Count: > 0 } tying)
            {
                CompareForeignKey(wanted, tying, changes);
                continue;
            }

            // A primary key is the same key whatever the site called it.
            var have = wanted.Kind == 'p'
                ? siteConstraints.FirstOrDefault(c => c.Kind == 'p')
                : siteConstraints.FirstOrDefault(c => c.Name == wanted.Name);
            if (have is not null && have.Kind == wanted.Kind && have.Definition == wanted.Definition)
            {
                continue;
            }

            if (have is not null)
            {
                changes.Add(new SchemaChange(ChangeKind.DropConstraint, table, have.Name, $"replaced: {have.Definition}"));
            }

            changes.Add(new SchemaChange(ChangeKind.AddConstraint, table, wanted.Name, wanted.Definition, ConstraintKind: wanted.Kind));
        }
    }

    /// <summary>
    /// The site already ties these columns: its key stays (the site's read layer may name it). A
    /// second key on the same columns, one XcAspire added under its own name next to the site's,
    /// goes: two relationships between the same columns make the site's embedded reads ambiguous.
    /// </summary>
    private static void CompareForeignKey(CatalogConstraint wanted, List<CatalogConstraint> tying, List<SchemaChange> changes)
    {
        var kept = tying.FirstOrDefault(c => c.Name != wanted.Name) ?? tying[0];
        foreach (var extra in tying.Where(c => c != kept && c.Name == wanted.Name))
        {
            changes.Add(new SchemaChange(ChangeKind.DropConstraint, wanted.Table, extra.Name,
                $"a second foreign key on {wanted.References}, next to the site's {kept.Name}"));
        }

        if (ForeignKeyActions.Differences(wanted, kept) is { Length: > 0 } differences)
        {
            changes.Add(new SchemaChange(ChangeKind.KeptForeignKey, wanted.Table, kept.Name, differences));
        }
    }

    private static void CompareIndexes(SchemaCatalog reference, SchemaCatalog site, string table, List<SchemaChange> changes, HashSet<string> takenNames)
    {
        var siteIndexes = site.IndexesOf(table).ToList();
        var wanted = reference.IndexesOf(table).ToList();

        foreach (var have in siteIndexes.Where(i => i.Signature.StartsWith("UNIQUE ", StringComparison.Ordinal)
                                                    && wanted.All(w => w.Signature != i.Signature)))
        {
            changes.Add(new SchemaChange(ChangeKind.DropIndex, table, have.Name, $"the site's own: {have.Signature}"));
        }

        foreach (var index in wanted.Where(w => siteIndexes.All(i => i.Signature != w.Signature)))
        {
            var name = index.Name;
            for (var n = 2; takenNames.Contains(name); n++)
            {
                name = $"{index.Name}_{n}";
            }

            takenNames.Add(name);
            changes.Add(new SchemaChange(ChangeKind.CreateIndex, table, name, index.Signature));
        }
    }
}
