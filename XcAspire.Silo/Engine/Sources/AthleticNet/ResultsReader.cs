using System.Text.Json;
using XcAspire.Silo.MeetData;

namespace XcAspire.Silo.Sources.AthleticNet;

/// <summary>One race's rows read from a results response, plus the row fields this client did not know.</summary>
public sealed record RaceResultSet(
    string RaceId, IReadOnlyList<ResultRecord> Results, IReadOnlyList<RejectedRow> Rejected, IReadOnlySet<string> UnrecognisedFields);

/// <summary>
/// Reads GetAllResultsData (both the current <c>flatEvents</c> shape and the legacy flat <c>results</c>
/// shape) and GetResultsData3 (<c>resultsXC</c>, possibly a list of lists), athletic-net-api.md §5.
/// </summary>
public static class ResultsReader
{
    public const string WholeMeetFile = "GetAllResultsData";
    public const string PerRaceFile = "GetResultsData3";

    /// <summary>Every race in a whole-meet response, keyed by race id (IDMeetDiv).</summary>
    public static IReadOnlyDictionary<string, RaceResultSet> ReadWholeMeet(string body, string url)
    {
        using var document = JsonParsing.Parse(body, url);
        var root = document.RootElement;
        // Each race's rows in the answer's order, races in order of first appearance.
        var races = new Dictionary<string, List<JsonElement>>(StringComparer.Ordinal);
        if (JsonFields.Get(root, "flatEvents") is { ValueKind: JsonValueKind.Array } events)
        {
            foreach (var race in events.EnumerateArray())
            {
                if (JsonFields.Id(race, "IDMeetDiv") is not { } raceId)
                {
                    continue;
                }

                Rows(races, raceId).AddRange(JsonFields.Array(race, "results"));
            }
        }
        else if (JsonFields.Get(root, "results") is { ValueKind: JsonValueKind.Array } rows)
        {
            // Legacy shape: one flat list, each row naming its race.
            foreach (var row in rows.EnumerateArray())
            {
                Rows(races, JsonFields.Id(row, "RaceDivisionID") ?? string.Empty).Add(row);
            }
        }
        else
        {
            throw new SourceResponseInvalidException(url, "it has neither 'flatEvents' nor 'results'");
        }

        // Races are read side by side: a large meet's answer arrives last in a scrape, so reading it is
        // what the scrape waits for at the end.
        var order = races.Keys.ToList();
        var sets = new RaceResultSet[order.Count];
        Parallel.For(0, order.Count, i =>
        {
            var builder = new Builder(order[i]);
            foreach (var row in races[order[i]])
            {
                builder.Add(row, WholeMeetFile);
            }

            sets[i] = builder.Build();
        });
        return sets.ToDictionary(set => set.RaceId, StringComparer.Ordinal);
    }

    /// <summary>One race's GetResultsData3 response.</summary>
    public static RaceResultSet ReadRace(string raceId, string body, string url)
    {
        using var document = JsonParsing.Parse(body, url);
        var root = document.RootElement;
        if (JsonFields.Get(root, "resultsXC") is not { ValueKind: JsonValueKind.Array } list)
        {
            var problem = JsonFields.Get(root, "resultsTF") is not null ? "it is a track meet's answer (resultsTF)" : "it has no 'resultsXC'";
            throw new SourceResponseInvalidException(url, problem);
        }

        var builder = new Builder(raceId);
        foreach (var item in list.EnumerateArray())
        {
            // Sometimes a list of lists (one per heat): flatten one level.
            if (item.ValueKind == JsonValueKind.Array)
            {
                foreach (var row in item.EnumerateArray())
                {
                    builder.Add(row, PerRaceFile);
                }
            }
            else
            {
                builder.Add(item, PerRaceFile);
            }
        }

        return builder.Build();
    }

    private static List<JsonElement> Rows(Dictionary<string, List<JsonElement>> races, string raceId)
    {
        if (!races.TryGetValue(raceId, out var rows))
        {
            rows = [];
            races[raceId] = rows;
        }

        return rows;
    }

    private sealed class Builder(string raceId)
    {
        private readonly List<ResultRecord> _results = [];
        private readonly List<RejectedRow> _rejected = [];
        private readonly HashSet<string> _unrecognised = new(StringComparer.Ordinal);
        private int _line;

        public void Add(JsonElement row, string file)
        {
            var source = new SourceRow(file, ++_line);
            if (raceId.Length == 0)
            {
                _rejected.Add(new RejectedRow(source, null, "the row names no race (RaceDivisionID)", row.GetRawText()));
                return;
            }

            ResultRowReader.Read(row, raceId, source, _results, _rejected, _unrecognised);
        }

        public RaceResultSet Build() => new(raceId, _results, _rejected, _unrecognised);
    }
}
