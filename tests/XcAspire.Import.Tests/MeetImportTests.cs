using XcAspire.Silo.Import;
using XcAspire.Silo.Import.Csv;
using XcAspire.Silo.Import.Reports;
using XcAspire.Silo.Sample;
using XcAspire.Silo.Sources.Sample;
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

    [Fact]
    public async Task The_sample_meets_imported_one_after_another_re_import_from_their_exported_folders_unchanged()
    {
        await using var db = await TestPostgres.CreateMigratedAsync();
        var importer = new MeetImporter(db.DataSource);
        var catalog = SampleMeets.DefaultCatalog();
        string[] meetIds = ["900001", "900002", "900003"];
        foreach (var meetId in meetIds)
        {
            var imported = await importer.ImportAsync(catalog.Find(meetId)!, null, dryRun: false, CancellationToken.None);
            Assert.Equal((imported.Counts.Read, 0), (imported.Counts.Inserted, imported.Counts.Updated));
        }

        foreach (var meetId in meetIds)
        {
            var folder = Directory.CreateTempSubdirectory("xc-export-").FullName;
            try
            {
                MeetFolderWriter.Write(catalog.Find(meetId)!, folder, MeetFolderLayout.PerRaceResults);

                var again = await importer.ImportAsync(MeetFolderReader.Read(folder), null, dryRun: true, CancellationToken.None);

                Assert.Equal(again.Counts.Read, again.Counts.AlreadyPresent);
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
