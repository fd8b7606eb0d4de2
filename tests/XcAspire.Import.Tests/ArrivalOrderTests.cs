using XcAspire.Silo.Import;
using XcAspire.Silo.MeetData;
using XcAspire.Testing;
using static XcAspire.Import.Tests.TestMeets;

namespace XcAspire.Import.Tests;

/// <summary>
/// Races arrive in whatever order silos, retries and crashes give them: the athletes matching
/// creates must be the same for every order (the chaos run compares a faulty run with a clean one).
/// </summary>
public sealed class ArrivalOrderTests
{
    [Fact]
    public async Task A_missing_grade_seen_first_does_not_merge_two_runners_whom_their_grades_keep_apart()
    {
        // Two "Runner Sam"s at one school, a junior and a freshman, and a meet that gave no grade.
        // Every order must end with the two of them; the unknown-grade row joins one.
        IReadOnlyList<MeetSnapshot> meets =
        [
            Meet("800001", [Race("8001")], [Row("8001", "Runner Sam", "Order High", 100000, grade: null)]),
            Meet("800002", [Race("8002")], [Row("8002", "Runner Sam", "Order High", 101000, grade: 11)]),
            Meet("800003", [Race("8003")], [Row("8003", "Runner Sam", "Order High", 102000, grade: 9)]),
        ];

        foreach (var order in Permutations(meets))
        {
            var grads = await GradYearsAfterImportingAsync(order);
            Assert.True(grads == "2027,2029", $"order {string.Join(" → ", order.Select(m => m.Meet.AthleticNetMeetId))}: athletes' grad years {grads}");
        }
    }

    [Fact]
    public async Task A_suffix_variant_with_a_missing_grade_links_to_the_same_runner_in_every_order()
    {
        // "Runner Lee Jr." and "Runner Lee" at one school are one runner (tier 4), whether or not the
        // meet that leaves the suffix off gave a grade.
        IReadOnlyList<MeetSnapshot> meets =
        [
            Meet("800011", [Race("8011")], [Row("8011", "Runner Lee Jr.", "Order High", 100000, grade: 10)]),
            Meet("800012", [Race("8012")], [Row("8012", "Runner Lee", "Order High", 101000, grade: null)]),
            Meet("800013", [Race("8013")], [Row("8013", "Runner Lee", "Order High", 102000, grade: 10)]),
        ];

        foreach (var order in Permutations(meets))
        {
            var grads = await GradYearsAfterImportingAsync(order);
            Assert.True(grads == "2028", $"order {string.Join(" → ", order.Select(m => m.Meet.AthleticNetMeetId))}: athletes' grad years {grads}");
        }
    }

    /// <summary>The grad years of the athletes a fresh database holds after the meets, sorted ("null" for unknown).</summary>
    private static async Task<string> GradYearsAfterImportingAsync(IEnumerable<MeetSnapshot> order)
    {
        await using var db = await TestPostgres.CreateMigratedAsync();
        var importer = new MeetImporter(db.DataSource);
        foreach (var meet in order)
        {
            await importer.ImportAsync(meet, null, dryRun: false, CancellationToken.None);
        }

        var rows = await SiteQueries.RunAsync(db.DataSource, "SELECT coalesce(grad_year::text, 'null') FROM athletes");
        return string.Join(',', rows.Order(StringComparer.Ordinal));
    }

    private static IEnumerable<IReadOnlyList<T>> Permutations<T>(IReadOnlyList<T> items) =>
        items.Count <= 1
            ? [items]
            : items.SelectMany((item, i) => Permutations(items.Where((_, j) => j != i).ToList()).Select(rest => (IReadOnlyList<T>)[item, .. rest]));
}
