using XcAspire.ServiceDefaults.Migrations.Adopt;
using XcAspire.Silo.Import;
using XcAspire.Silo.Import.Races;
using XcAspire.Silo.Sample;
using XcAspire.Testing;

namespace XcAspire.Adopt.Tests;

/// <summary>The site keeps its narrower columns; a value that does not fit is a rejected row with its reason, never a failed race.</summary>
public sealed class SiteWidthImportTests
{
    [Fact]
    public async Task A_name_wider_than_the_sites_review_columns_is_a_rejected_row_with_its_reason()
    {
        await using var db = await SiteFixture.CreateAdoptedAsync();
        // Narrower than the importer's own 200-character name limit, so the site's width is what refuses it.
        await db.ExecuteAsync("ALTER TABLE potential_duplicate_athletes ALTER COLUMN name_1 TYPE varchar(120), ALTER COLUMN name_2 TYPE varchar(120)");
        var meet = MeetGenerator.Generate(new MeetGeneratorOptions { TotalResults = 200, RaceCount = 2 });
        var longName = new string('a', 75) + " " + new string('b', 74);
        // Grade unknown: the athlete would go to the review queue, whose name columns are the narrow ones.
        var rows = meet.Results.Select((r, i) => i == 7 ? r with { AthleteName = longName, Grade = null } : r).ToList();

        var result = await new MeetImporter(db.DataSource).ImportAsync(meet with { Results = rows }, null, dryRun: false, CancellationToken.None);

        Assert.Equal(1, result.Counts.Rejected);
        Assert.Equal(rows.Count - 1, result.Counts.Inserted + result.Counts.AlreadyPresent + result.Counts.Updated);
        Assert.Equal(
            ["the athlete's name is 150 characters; the site's potential_duplicate_athletes.name_1 holds at most 120"],
            await RejectionsAsync(db, result.JobId));
        Assert.Equal(0, await db.ScalarAsync<int>($"SELECT count(*) FROM athletes WHERE name = '{longName}'"));
    }

    [Fact]
    public async Task A_race_title_wider_than_the_sites_column_rejects_that_race_and_imports_the_others()
    {
        await using var db = await SiteFixture.CreateAdoptedAsync();
        await db.ExecuteAsync("ALTER TABLE races ALTER COLUMN name TYPE varchar(30)");
        var meet = MeetGenerator.Generate(new MeetGeneratorOptions { TotalResults = 200, RaceCount = 2 });
        var wide = meet.Races[0] with { Title = "Mens 5,000 Meters Varsity Sweepstakes" };
        var races = meet.Races.Skip(1).Prepend(wide).ToList();

        var result = await new MeetImporter(db.DataSource).ImportAsync(meet with { Races = races }, null, dryRun: false, CancellationToken.None);

        var rejected = Assert.Single(result.Races, r => r.Counts.Rejected > 0);
        Assert.Equal(wide.AthleticNetRaceId, rejected.AthleticNetRaceId);
        Assert.Equal(rejected.Counts.Read, rejected.Counts.Rejected);
        Assert.Equal(
            [$"the race's title is 37 characters; the site's races.name holds at most 30, so no row of race {wide.AthleticNetRaceId} can be stored"],
            await RejectionsAsync(db, result.JobId));
        Assert.All(result.Races.Where(r => r != rejected), r => Assert.Equal(r.Counts.Read, r.Counts.Inserted));
    }

    [Fact]
    public void The_importer_guards_exactly_the_columns_adoption_accepts_narrower()
    {
        Assert.Equal(XcWrites.SourceText.Order(StringComparer.Ordinal), SiteWidths.Columns.Order(StringComparer.Ordinal));
    }

    private static async Task<IReadOnlyList<string>> RejectionsAsync(TestDatabase db, Guid job) =>
        await SiteQueries.RunAsync(db.DataSource, $"SELECT DISTINCT reason FROM import_row_outcomes WHERE job_id = '{job}' AND outcome = 'rejected'");
}
