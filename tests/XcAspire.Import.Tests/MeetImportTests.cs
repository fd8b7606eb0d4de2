using XcAspire.Silo.Import;
using XcAspire.Silo.Import.Csv;
using XcAspire.Silo.Import.Reports;
using XcAspire.Silo.Sample;
using XcAspire.Testing;

namespace XcAspire.Import.Tests;

public sealed class MeetImportTests
{
    [Fact]
    public async Task A_generated_folder_imports_with_every_row_accounted_for_and_a_second_import_changes_nothing()
    {
        await using var db = await TestPostgres.CreateMigratedAsync();
        var folder = Directory.CreateTempSubdirectory("xc-import-").FullName;
        var generated = MeetGenerator.Generate(new MeetGeneratorOptions { TotalResults = 600, RaceCount = 6, WholeSeconds = true, TwiceInRaceCount = 1 });
        MeetFolderWriter.Write(generated, folder, MeetFolderLayout.SingleResults);
        var meet = MeetFolderReader.Read(folder);
        var importer = new MeetImporter(db.DataSource);

        var first = await importer.ImportAsync(meet, null, dryRun: false, CancellationToken.None);

        Assert.Equal(meet.Results.Count + meet.Rejected.Count, first.Counts.Read);
        Assert.Equal(first.Counts.Read, first.Counts.Inserted + first.Counts.AlreadyPresent + first.Counts.Updated + first.Counts.Rejected);
        Assert.Equal(0, first.Counts.Rejected);
        Assert.Equal(first.Counts.Read, first.Counts.Inserted);
        var finishers = meet.Results.Count(r => r.TimeCs is not null);
        Assert.Equal(finishers, await TestMeets.CountAsync(db.DataSource, "SELECT count(*) FROM results"));
        Assert.Equal(finishers, await TestMeets.CountAsync(db.DataSource, "SELECT result_count FROM meets"));
        Assert.Equal(meet.Results.Count - finishers, await TestMeets.CountAsync(db.DataSource, "SELECT count(*) FROM non_finishers"));
        Assert.Equal(finishers, first.Finalize.Reconciliation.Matched);

        var second = await importer.ImportAsync(meet, null, dryRun: false, CancellationToken.None);

        Assert.Equal(second.Counts.Read, second.Counts.AlreadyPresent);
        Assert.Equal(finishers, await TestMeets.CountAsync(db.DataSource, "SELECT count(*) FROM results"));
        var report = await ImportReports.GetReconciliationAsync(db.DataSource, second.JobId);
        Assert.NotNull(report);
        Assert.All(report.Categories, c => Assert.Equal(0, c.Count));
    }
}
