using XcAspire.Silo.MeetData;

namespace XcAspire.Grains.Tests;

internal static class SampleSnapshots
{
    public static MeetSnapshot OneRace(string meetId, string raceId, int rows) =>
        new(
            new MeetRecord(meetId, "Test Invitational", new DateOnly(2025, 10, 4), 2025, "Test Park", null),
            new VenueRecord("Test Park", "Springfield", "OR"),
            [],
            [new RaceRecord(raceId, "Mens 5,000 Meters Varsity", "M", 5000, "varsity", null)],
            [],
            Enumerable.Range(1, rows).Select(i => new ResultRecord(
                new SourceRow("results.csv", i + 1), raceId, $"Runner {i}", null, null, null, "Test High", null, null, 11,
                (16 * 60 * 100) + i, FinishStatus.Finished, i, null, false)).ToList(),
            [],
            []);
}
