using System.Net;
using System.Text.Json;
using XcAspire.Testing;

namespace XcAspire.ScaleBench;

/// <summary>What the runs through the rig share: an API answer that must be 200, and row counts of the domain tables.</summary>
public static class RigCalls
{
    public static void Require(HttpStatusCode status, string what, JsonElement body)
    {
        if (status != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"{what}: {(int)status} {body}");
        }
    }

    public static async Task<Dictionary<string, long>> DomainCountsAsync(TestDatabase database)
    {
        var counts = new Dictionary<string, long>();
        foreach (var table in new[] { "meets", "races", "results", "non_finishers", "athletes", "schools" })
        {
            counts[table] = await database.ScalarAsync<long>($"SELECT count(*) FROM {table}");
        }

        return counts;
    }
}
