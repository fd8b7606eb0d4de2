using Npgsql;
using XcAspire.Silo.Import.Derived;

namespace XcAspire.Api.Data;

/// <summary>
/// The import engine rebuilds derived data for a set of races (their athletes, courses and schools).
/// These helpers name the races behind other scopes: an athlete's races, a course's, a meet's, all.
/// </summary>
public static class DerivedScopes
{
    public static Task RebuildAthletesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyCollection<Guid> athleteIds, CancellationToken ct) =>
        RebuildRacesWhereAsync(
            connection, transaction,
            "SELECT DISTINCT ra.athletic_net_race_id FROM results r JOIN races ra ON ra.id = r.race_id WHERE r.athlete_id = ANY(@ids)",
            ct, ("ids", athleteIds.ToArray()));

    /// <summary>Rebuilds for the races the query returns (athletic_net_race_id values); returns how many.</summary>
    public static async Task<int> RebuildRacesWhereAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string raceIdQuery, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        var raceIds = await Commands.ReadStringsAsync(connection, transaction, raceIdQuery, ct, parameters);
        if (raceIds.Count > 0)
        {
            await DerivedRebuild.RebuildAsync(connection, transaction, raceIds, ct);
        }

        return raceIds.Count;
    }
}
