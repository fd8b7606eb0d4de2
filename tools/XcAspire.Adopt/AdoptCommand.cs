using Npgsql;
using XcAspire.ServiceDefaults.Migrations;
using XcAspire.ServiceDefaults.Migrations.Adopt;

namespace XcAspire.Adopt;

/// <summary>
/// <c>xc adopt [--check] &lt;connection string&gt;</c>: adopts the site's existing database, or on one
/// already adopted puts back what drifted; with --check reports what that would change without
/// changing anything. Exit codes: 0 adopted, realigned, nothing to do, or the check found nothing
/// blocking (the report's first line says whether anything drifted); 2 blocked by rows the new
/// keys reject or a column type XcAspire cannot work with; 1 usage or any other error.
/// </summary>
public static class AdoptCommand
{
    public const int Usage = 1;
    public const int BlockedExit = 2;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var check = args.Contains("--check", StringComparer.Ordinal);
        var rest = args.Where(a => a != "--check").ToList();
        if (rest.Count != 1 || rest[0].StartsWith('-'))
        {
            await error.WriteLineAsync("usage: xc adopt [--check] <connection string>");
            await error.WriteLineAsync("  --check  report what adoption (on an adopted database: realigning what drifted) would change; change nothing");
            return Usage;
        }

        try
        {
            await using var dataSource = NpgsqlDataSource.Create(rest[0]);
            var adoption = SiteAdoption.ForEmbeddedMigrations();
            var report = check ? await adoption.CheckAsync(dataSource) : await adoption.ApplyAsync(dataSource);
            await output.WriteAsync(report.Format());
            if (report.Status == AdoptionStatus.Adopted)
            {
                await output.WriteLineAsync();
                await output.WriteLineAsync("The other migrations are applied by XcAspire's services when they start against this database.");
            }

            return report.Status == AdoptionStatus.Blocked ? BlockedExit : 0;
        }
        catch (Exception ex) when (ex is MigrationException or NpgsqlException or ArgumentException)
        {
            await error.WriteLineAsync($"xc adopt: {ex.Message}");
            return Usage;
        }
    }
}
