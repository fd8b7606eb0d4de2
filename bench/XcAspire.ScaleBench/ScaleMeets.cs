using System.Globalization;
using XcAspire.Silo.MeetData;
using XcAspire.Silo.Sample;

namespace XcAspire.ScaleBench;

/// <summary>
/// Thirty meets from 100 to 20,000 results, about 75,000 in all: one tiny, one huge, and 28 between
/// 500 and about 3,400 — a season's spread, with athletes shared across meets.
/// </summary>
public static class ScaleMeets
{
    public static IReadOnlyList<MeetSnapshot> Generate()
    {
        var sizes = new List<int> { 100, 20_000 };
        sizes.AddRange(Enumerable.Range(0, 28).Select(i => 500 + i * 108));
        return sizes.Select((results, i) => MeetGenerator.Generate(new MeetGeneratorOptions
        {
            MeetId = (980001 + i).ToString(CultureInfo.InvariantCulture),
            MeetName = $"Scale Invitational {i + 1}",
            Date = new DateOnly(2025, 9, 1).AddDays(i),
            RaceCount = Math.Clamp(results / 150, 2, 40),
            TotalResults = results,
            Seed = 500 + i,
            PoolSeed = 77,
        })).ToList();
    }
}
