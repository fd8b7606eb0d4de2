using System.Globalization;
using XcAspire.Silo.MeetData;
using XcAspire.Silo.Sample;

namespace XcAspire.Reliability.Tests;

/// <summary>A season of generated meets from one seed: sizes drawn between bounds, athletes shared across meets.</summary>
public static class ChaosMeets
{
    public static IReadOnlyList<MeetSnapshot> Generate(int seed, int meets, int minResults, int maxResults)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, meets).Select(i =>
        {
            var results = random.Next(minResults, maxResults + 1);
            return MeetGenerator.Generate(new MeetGeneratorOptions
            {
                MeetId = (950001 + i).ToString(CultureInfo.InvariantCulture),
                MeetName = $"Chaos Invitational {i + 1}",
                Date = new DateOnly(2025, 9, 1).AddDays(i),
                RaceCount = Math.Clamp(results / 120, 2, 24),
                TotalResults = results,
                Seed = seed + i + 1,
                PoolSeed = seed,
                SchoolCount = 40,
                // A spelling variant makes the athlete's stored name depend on which meet was imported
                // first; both runs import concurrently, so the comparison would measure ordering, not loss.
                NameVariantRate = 0,
            });
        }).ToList();
    }
}
