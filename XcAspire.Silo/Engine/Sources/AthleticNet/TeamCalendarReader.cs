using System.Globalization;
using System.Text.Json;

namespace XcAspire.Silo.Sources.AthleticNet;

/// <summary>GetTeamCore's answer, read: the school's name (when given) and the token its calendar call needs.</summary>
public sealed record TeamCore(string? TeamName, string Token);

/// <summary>One row of a school's season calendar: a meet, its first day, and whether results are posted.</summary>
public sealed record CalendarMeet(string MeetId, string Name, DateOnly? Date, bool HasResults);

/// <summary>
/// Reads GetTeamCore and GetCalendar (athletic-net-api.md §1, §8): <c>jwtTeamHome</c> from the first, and
/// from the second the rows with <c>MeetID</c>, <c>Name</c>, <c>StartDate</c> and <c>MeetHasResults</c>.
/// Clients of the live API read the calendar as a top-level array; an object holding the rows under a
/// name is read too, and a row without a meet id (a practice, a note) is left out with a warning.
/// </summary>
public static class TeamCalendarReader
{
    /// <summary>Where an object-shaped calendar answer may hold its rows.</summary>
    private static readonly string[] RowContainers = ["calendar", "meets", "events", "items"];

    public static TeamCore ReadTeamCore(string schoolId, int seasonYear, string body, string url)
    {
        if (string.IsNullOrWhiteSpace(body) || body.Trim() == "null")
        {
            throw new TeamNotFoundException(schoolId, seasonYear, "GetTeamCore answered null");
        }

        using var document = JsonParsing.Parse(body, url);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new SourceResponseInvalidException(url, $"expected a JSON object, got {root.ValueKind}");
        }

        var team = JsonFields.Get(root, "team");
        var token = JsonFields.Text(root, "jwtTeamHome")?.Trim();
        if (team is not { ValueKind: JsonValueKind.Object } || string.IsNullOrEmpty(token))
        {
            throw new TeamNotFoundException(schoolId, seasonYear, "GetTeamCore names no team");
        }

        var name = JsonFields.Text(team.Value, "Name", "SchoolName")?.Trim();
        return new TeamCore(string.IsNullOrEmpty(name) ? null : name, token);
    }

    /// <summary>The calendar's meets in its order, each once; <paramref name="warnings"/> gets the rows left out.</summary>
    public static IReadOnlyList<CalendarMeet> ReadCalendar(string body, string url, List<string> warnings)
    {
        if (string.IsNullOrWhiteSpace(body) || body.Trim() == "null")
        {
            return [];
        }

        using var document = JsonParsing.Parse(body, url);
        var rows = Rows(document.RootElement)
            ?? throw new SourceResponseInvalidException(url, "expected the calendar as a JSON array of meets");
        var meets = new List<CalendarMeet>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var row in rows)
        {
            index++;
            var meetId = JsonFields.Id(row, "MeetID", "IDMeet", "MeetId");
            if (meetId is null || !meetId.All(char.IsAsciiDigit) || meetId.Length > 18)
            {
                warnings.Add($"Calendar row {index} names no meet (MeetID '{meetId}'); left out");
                continue;
            }

            if (!seen.Add(meetId))
            {
                continue;
            }

            var name = JsonFields.Text(row, "Name", "MeetName")?.Trim();
            meets.Add(new CalendarMeet(meetId, string.IsNullOrEmpty(name) ? $"Meet {meetId}" : name, Date(row), HasResults(row)));
        }

        return meets;
    }

    private static IEnumerable<JsonElement>? Rows(JsonElement root) => root.ValueKind switch
    {
        JsonValueKind.Array => root.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.Object).ToList(),
        JsonValueKind.Object => RowContainers.Select(name => JsonFields.Get(root, name))
            .FirstOrDefault(v => v is { ValueKind: JsonValueKind.Array }) is { } array
            ? array.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.Object).ToList()
            : null,
        _ => null,
    };

    private static DateOnly? Date(JsonElement row) =>
        JsonFields.Text(row, "StartDate", "MeetDate") is { } text
        && DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? DateOnly.FromDateTime(date)
            : null;

    // true/false, 1/0, or "true"/"1": the API is not consistent about booleans.
    private static bool HasResults(JsonElement row) => JsonFields.Text(row, "MeetHasResults", "HasResults")?.Trim().ToLowerInvariant() is "true" or "1";
}
