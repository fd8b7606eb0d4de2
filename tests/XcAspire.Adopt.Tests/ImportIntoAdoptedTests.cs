using XcAspire.Silo.Import;
using XcAspire.Silo.Import.Reports;
using XcAspire.Silo.Sample;
using XcAspire.Testing;

namespace XcAspire.Adopt.Tests;

public sealed class ImportIntoAdoptedTests
{
    [Fact]
    public async Task A_generated_meet_imports_into_the_adopted_database_reconciles_and_shows_on_the_site_pages()
    {
        await using var db = await SiteFixture.CreateSiteAsync();
        var before = await SiteQueries.RunAllAsync(db.DataSource);
        await SiteFixture.MigrateAsync(db);

        var meet = MeetGenerator.Generate(new MeetGeneratorOptions { TotalResults = 300, RaceCount = 4, WholeSeconds = true, TwiceInRaceCount = 1 });
        var result = await new MeetImporter(db.DataSource).ImportAsync(meet, null, dryRun: false, CancellationToken.None);

        Assert.Equal(result.Counts.Read, result.Counts.Inserted + result.Counts.AlreadyPresent + result.Counts.Updated + result.Counts.Rejected);
        Assert.Equal(0, result.Counts.Rejected);
        var finishers = meet.Results.Count(r => r.TimeCs is not null);
        Assert.Equal(finishers, result.Finalize.Reconciliation.Matched);
        var report = await ImportReports.GetReconciliationAsync(db.DataSource, result.JobId);
        Assert.NotNull(report);
        Assert.All(report.Categories, c => Assert.Equal(0, c.Count));

        var after = await SiteQueries.RunAllAsync(db.DataSource);
        // The site's rows for its own meets are still there, unchanged; the new meet's rows are added.
        foreach (var page in new[] { "meet result counts", "meet results", "course records", "race by Athletic.net id" })
        {
            Assert.Empty(before[page].Except(after[page]));
        }

        Assert.Contains(after["meet result counts"], row => row.StartsWith($"{meet.Meet.Name} | ", StringComparison.Ordinal)
                                                            && row.EndsWith($" | {finishers}", StringComparison.Ordinal));
        Assert.Equal(finishers, after["meet results"].Count - before["meet results"].Count);
        Assert.True(after["course records"].Count > before["course records"].Count, "the new meet's course has records");
        Assert.True(after["school hall of fame"].Count > before["school hall of fame"].Count, "the new meet's schools have a hall of fame");
        Assert.True(after["athlete best times"].Count > before["athlete best times"].Count, "the new athletes have best times");
    }
}
