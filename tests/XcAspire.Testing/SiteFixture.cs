using Microsoft.Extensions.Logging.Abstractions;
using XcAspire.ServiceDefaults.Migrations;
using XcAspire.ServiceDefaults.Migrations.Adopt;

namespace XcAspire.Testing;

/// <summary>
/// Databases shaped like the results site's own (tests/fixtures/site-*.sql), for suites that must
/// prove XcAspire works on the site's database and keeps the site's reads working.
/// </summary>
public static class SiteFixture
{
    /// <summary>The site's schema and synthetic rows, as the site has them (no XcAspire migration).</summary>
    public static Task<TestDatabase> CreateSiteAsync() => CreateAsync("site-schema.sql", "site-data.sql");

    /// <summary>The site's database plus rows the site's schema allowed and XcAspire's keys reject.</summary>
    public static Task<TestDatabase> CreateSiteWithDuplicatesAsync() =>
        CreateAsync("site-schema.sql", "site-data.sql", "site-duplicates.sql");

    /// <summary>The site's database plus its sample courses, rated 3.0, 7.5 and 8.0 on the retired 1–10 scale.</summary>
    public static Task<TestDatabase> CreateSiteWithSampleCoursesAsync() =>
        CreateAsync("site-schema.sql", "site-data.sql", "site-sample-courses.sql");

    /// <summary>The site's database adopted and migrated to this build's latest schema, as a service would leave it at start.</summary>
    public static async Task<TestDatabase> CreateAdoptedAsync()
    {
        var database = await CreateSiteAsync();
        await MigrateAsync(database);
        return database;
    }

    /// <summary>Runs this build's migrator on the database: adoption first when it finds the site's schema.</summary>
    public static Task<MigrationOutcome> MigrateAsync(TestDatabase database) =>
        new Migrator(database.DataSource, NullLogger<Migrator>.Instance, MigrationScript.Embedded()).ApplyAsync();

    /// <summary>Adopts the database (without the later migrations); returns the report.</summary>
    public static Task<AdoptionReport> AdoptAsync(TestDatabase database) =>
        SiteAdoption.ForEmbeddedMigrations().ApplyAsync(database.DataSource);

    public static string ReadFixture(string fileName)
    {
        var assembly = typeof(SiteFixture).Assembly;
        using var stream = assembly.GetManifestResourceStream("XcAspire.Fixtures." + fileName)
            ?? throw new InvalidOperationException($"Fixture {fileName} is not embedded in XcAspire.Testing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static async Task<TestDatabase> CreateAsync(params string[] fixtures)
    {
        var database = await TestPostgres.CreateEmptyAsync();
        foreach (var fixture in fixtures)
        {
            await database.ExecuteAsync(ReadFixture(fixture));
        }

        return database;
    }
}
