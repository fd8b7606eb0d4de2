namespace XcAspire.ServiceDefaults.Migrations.Adopt;

/// <summary>
/// XcAspire's schema as its migrations build it, in a scratch schema inside the adoption's
/// transaction (so it is never seen and never left behind), to compare the database's catalog with.
/// </summary>
internal static class Reference
{
    public static async Task<SchemaCatalog> BuildAsync(AdoptionRun run, IEnumerable<MigrationScript> migrations)
    {
        await run.ExecuteAsync($"CREATE SCHEMA {Q(SiteAdoption.ReferenceSchema)}");
        var searchPath = await run.ScalarAsync<string>("SELECT current_setting('search_path')");
        await run.ExecuteAsync($"SELECT set_config('search_path', '{SiteAdoption.ReferenceSchema}', true)");
        foreach (var migration in migrations)
        {
            await run.ExecuteAsync(migration.Sql);
        }

        await run.ExecuteAsync($"SELECT set_config('search_path', {SchemaCatalog.Quote(searchPath)}, true)");
        return await run.CatalogAsync(SiteAdoption.ReferenceSchema);
    }

    /// <summary>
    /// Gives the reference's columns the site's accepted types (its tables are empty: instant), so
    /// that what is defined over them (checks, index expressions, defaults) prints as it does on the
    /// site, and the comparison sees only real differences.
    /// </summary>
    public static async Task<SchemaCatalog> AlignAsync(AdoptionRun run, IEnumerable<SchemaChange> accepted)
    {
        foreach (var column in accepted.Where(c => c.Kind == ChangeKind.AcceptedType))
        {
            await run.ExecuteAsync(
                $"ALTER TABLE {Q(SiteAdoption.ReferenceSchema)}.{Q(column.Table)} ALTER COLUMN {Q(column.Name)} TYPE {column.SiteType} " +
                $"USING {Q(column.Name)}::{column.SiteType}");
        }

        return await run.CatalogAsync(SiteAdoption.ReferenceSchema);
    }

    public static Task DropAsync(AdoptionRun run) => run.ExecuteAsync($"DROP SCHEMA {Q(SiteAdoption.ReferenceSchema)} CASCADE");

    private static string Q(string name) => SchemaCatalog.QuoteIdent(name);
}
