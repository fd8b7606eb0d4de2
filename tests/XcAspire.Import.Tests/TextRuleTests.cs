using XcAspire.Silo.Import;
using XcAspire.Silo.Import.Csv;
using XcAspire.Silo.Import.Reports;
using XcAspire.Silo.MeetData;
using XcAspire.Testing;
using static XcAspire.Import.Tests.TestMeets;

namespace XcAspire.Import.Tests;

/// <summary>
/// Values PostgreSQL would refuse, or that would run in a spreadsheet, reject their own row with the
/// reason before any statement sees them; the rest of the race imports.
/// </summary>
public sealed class TextRuleTests
{
    [Fact]
    public async Task A_6000_character_name_is_one_rejected_row_and_the_rest_of_the_race_imports()
    {
        await using var db = await TestPostgres.CreateMigratedAsync();
        var longName = "Runner " + new string('q', 6_000);
        var meet = Meet("281001", [Race("1281001")],
            [Row("1281001", "Runner Able", "Long High", 100000), Row("1281001", longName, "Long High", 100100), Row("1281001", "Runner Baker", "Long High", 100200)]);

        var result = await new MeetImporter(db.DataSource).ImportAsync(meet, null, dryRun: false, CancellationToken.None);

        Assert.Equal((3, 2, 1), (result.Counts.Read, result.Counts.Inserted, result.Counts.Rejected));
        var rejected = Assert.Single(await ImportReports.GetOutcomesAsync(db.DataSource, result.JobId));
        Assert.Equal("rejected", rejected.Outcome);
        Assert.Contains("athlete name is 6,007 characters long; at most 200 are stored", rejected.Reason, StringComparison.Ordinal);
        Assert.True(rejected.AthleteName!.Length <= TextRules.MaxNameLength + 1, "the report keeps a cut-off copy of the name");
        Assert.Equal(2, await CountAsync(db.DataSource, "SELECT count(*) FROM athletes"));
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://example.test\",\"x\")")]
    [InlineData("+1 Runner")]
    [InlineData("-Runner")]
    [InlineData("@SUM(A1)")]
    [InlineData(" =1+1")]
    [InlineData("'=1+1")]
    public async Task A_name_that_starts_like_a_formula_is_a_rejected_row_from_any_source(string name)
    {
        await using var db = await TestPostgres.CreateMigratedAsync();
        var meet = Meet("281002", [Race("1281002")], [Row("1281002", "Runner Able", "Formula High", 100000), Row("1281002", name, "Formula High", 100100)]);

        var result = await new MeetImporter(db.DataSource).ImportAsync(meet, null, dryRun: false, CancellationToken.None);

        Assert.Equal((1, 1), (result.Counts.Inserted, result.Counts.Rejected));
        var rejected = Assert.Single(await ImportReports.GetOutcomesAsync(db.DataSource, result.JobId));
        Assert.Contains("starts like a spreadsheet formula", rejected.Reason, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(db.DataSource, "SELECT count(*) FROM athletes WHERE name !~ '^Runner'"));
    }

    [Theory]
    [InlineData("O'Brien")]
    [InlineData("'Iolani Kahale")]
    [InlineData("Smith-Jones")]
    public void Apostrophes_and_hyphens_inside_a_name_are_ordinary_text(string name) =>
        Assert.Null(TextRules.NameProblem("athlete_name", name));

    [Fact]
    public async Task A_meet_name_a_row_may_not_hold_rejects_every_row_of_its_races_with_the_reason()
    {
        await using var db = await TestPostgres.CreateMigratedAsync();
        var meet = Meet("281003", [Race("1281003")], [Row("1281003", "Runner Able", "Meet High", 100000)]);
        meet = meet with { Meet = meet.Meet with { Name = new string('m', 300) } };

        var result = await new MeetImporter(db.DataSource).ImportAsync(meet, null, dryRun: false, CancellationToken.None);

        Assert.Equal((1, 1), (result.Counts.Read, result.Counts.Rejected));
        Assert.Contains("the meet's name is 300 characters long", Assert.Single(await ImportReports.GetOutcomesAsync(db.DataSource, result.JobId)).Reason,
            StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(db.DataSource, "SELECT count(*) FROM meets"));
    }

    [Fact]
    public void The_export_writes_a_formula_looking_name_as_text_and_reading_it_back_rejects_the_row()
    {
        var folder = Directory.CreateTempSubdirectory("xc-export-").FullName;
        try
        {
            var meet = Meet("281004", [Race("1281004")], [Row("1281004", "=cmd|'/c calc'!A1", "Export High", 100000), Row("1281004", "Runner Able", "Export High", 100100)]);

            MeetFolderWriter.Write(meet, folder, MeetFolderLayout.SingleResults);
            var read = MeetFolderReader.Read(folder);

            Assert.Contains("1281004,'=cmd|'/c calc'!A1,", File.ReadAllText(Path.Combine(folder, "results.csv")), StringComparison.Ordinal);
            Assert.Equal("Runner Able", Assert.Single(read.Results).AthleteName);
            Assert.Contains("athlete_name ''=cmd|'/c calc'!A1' starts like a spreadsheet formula", Assert.Single(read.Rejected).Reason, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
