using Npgsql;
using XcAspire.Silo.MeetData;

namespace XcAspire.Import.Tests;

/// <summary>Small hand-made meets with synthetic names, for cases the generator does not pin down.</summary>
internal static class TestMeets
{
    public static MeetSnapshot Meet(string meetId, IReadOnlyList<RaceRecord> races, IReadOnlyList<ResultRecord> results, decimal? difficulty = 1.1m) =>
        new(
            new MeetRecord(meetId, $"Test Meet {meetId}", new DateOnly(2025, 9, 20), 2025, "Test Park", null),
            new VenueRecord("Test Park", "Testville", "CA"),
            races.Select(r => r.DistanceMeters).Distinct().Select(d => new CourseRecord($"Test Park, {d} m", "Test Park", d, $"{d} m", difficulty)).ToList(),
            races,
            [],
            results,
            [],
            []);

    public static RaceRecord Race(string id, string gender = "M", int metres = 5000) =>
        new(id, $"{(gender == "M" ? "Mens" : "Womens")} {metres} Meters Varsity", gender, metres, "varsity", $"Test Park, {metres} m");

    private static int line = 1;

    public static ResultRecord Row(string raceId, string name, string school, int? timeCs, int? grade = 11, FinishStatus status = FinishStatus.Finished, bool review = false) =>
        new(new SourceRow("results.csv", ++line), raceId, name, null, null, null, school, null, "school_" + school.ToLowerInvariant().Replace(' ', '_'),
            grade, status == FinishStatus.Finished ? timeCs : null, status, null, null, review);

    public static async Task<long> CountAsync(NpgsqlDataSource db, string sql)
    {
        await using var command = db.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
