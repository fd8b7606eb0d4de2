namespace XcAspire.ServiceDefaults.Migrations.Adopt;

/// <summary>
/// Where the site's foreign key, kept in place of XcAspire's, acts otherwise when the row it
/// references is deleted or its key changes, said as what happens to the site's rows.
/// </summary>
public static class ForeignKeyActions
{
    /// <summary>Empty when the two keys differ only in name.</summary>
    public static string Differences(CatalogConstraint xc, CatalogConstraint site)
    {
        if (site.Definition == xc.Definition)
        {
            return string.Empty;
        }

        var what = new List<string>();
        if (site.OnDelete != xc.OnDelete)
        {
            what.Add($"ON DELETE {Name(site.OnDelete)} where XcAspire's is {Name(xc.OnDelete)}: deleting the row it references " +
                     $"{Effect(site.OnDelete, site.Table)} (with XcAspire's, it {Effect(xc.OnDelete, site.Table)})");
        }

        if (site.OnUpdate != xc.OnUpdate)
        {
            what.Add($"ON UPDATE {Name(site.OnUpdate)} where XcAspire's is {Name(xc.OnUpdate)}, which XcAspire never meets: it changes no row's id");
        }

        if (what.Count == 0)
        {
            what.Add($"the site's is {site.Definition}, XcAspire's {xc.Definition}");
        }

        return $"kept for {xc.References} in place of XcAspire's {xc.Name}; " + string.Join("; ", what);
    }

    private static string Name(char action) => action switch
    {
        'r' => "RESTRICT",
        'c' => "CASCADE",
        'n' => "SET NULL",
        'd' => "SET DEFAULT",
        _ => "NO ACTION",
    };

    private static string Effect(char action, string table) => action switch
    {
        'c' => $"deletes the {table} rows that name it",
        'n' => $"leaves the {table} rows that name it without it",
        'd' => $"sets the {table} rows that name it to the column default",
        _ => $"is refused while {table} rows name it",
    };
}
