using System.Globalization;
using System.Text.Json;
using XcAspire.Silo.Sources.AthleticNet;

namespace XcAspire.Silo.Sources.Probe;

/// <summary>
/// Fetches one school's season calendar through the client and prints what it read, writing nothing: the
/// team, its token, each meet with its date and whether results are posted, and keys this client does not
/// know. It lets a person confirm on their own machine that the live calendar calls still have the shapes
/// the season import reads.
/// </summary>
public sealed class SeasonProbe(AthleticNetClient client, TextWriter output)
{
    private static readonly HashSet<string> KnownTeamCoreKeys =
    [
        "team", "isTeamCoach", "isTeamAthlete", "isRegionAdmin", "currentSiteSupport", "seasonInfo", "teamCode", "teamCodes", "jwtTeamHome",
    ];

    private static readonly HashSet<string> KnownCalendarRowKeys = ["MeetID", "Name", "StartDate", "EndDate", "MeetHasResults"];

    /// <summary>Returns the number of meets the calendar lists.</summary>
    public async Task<int> RunAsync(string schoolId, int seasonYear, CancellationToken ct)
    {
        output.WriteLine($"Source: {client.BaseUrl}");
        var coreUrl = client.AbsoluteUrl(AthleticNetPaths.TeamCore(schoolId, seasonYear));
        var coreBody = await client.GetTeamCoreAsync(schoolId, seasonYear, ct);
        var core = TeamCalendarReader.ReadTeamCore(schoolId, seasonYear, coreBody, coreUrl);
        output.WriteLine($"School {schoolId}: {core.TeamName ?? "(no name given)"}, season {seasonYear}");
        output.WriteLine($"Token (jwtTeamHome): {core.Token.Length} characters");
        ReportUnknownKeys("GetTeamCore", coreBody);

        var calendarUrl = client.AbsoluteUrl(AthleticNetPaths.Calendar(seasonYear));
        var calendarBody = await client.GetCalendarAsync(seasonYear, core.Token, ct);
        var warnings = new List<string>();
        var meets = TeamCalendarReader.ReadCalendar(calendarBody, calendarUrl, warnings);
        ReportUnknownRowFields(calendarBody);
        output.WriteLine($"GetCalendar: {calendarBody.Length:N0} characters, {meets.Count} meets");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        foreach (var meet in meets)
        {
            var state = meet.HasResults ? "results posted" : meet.Date > today ? "still to come" : "no results";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {meet.MeetId} {meet.Date:yyyy-MM-dd} {meet.Name} ({state})"));
        }

        foreach (var warning in warnings)
        {
            output.WriteLine($"  warning: {warning}");
        }

        if (meets.Count > SchoolSeason.MaxMeets)
        {
            output.WriteLine($"  more than {SchoolSeason.MaxMeets} meets: a season import refuses this calendar");
        }

        output.WriteLine($"{meets.Count(m => m.HasResults)} of {meets.Count} meets have results. Nothing was written.");
        return meets.Count;
    }

    private void ReportUnknownKeys(string call, string body)
    {
        using var document = JsonDocument.Parse(body);
        if (document.RootElement.ValueKind == JsonValueKind.Object)
        {
            var unknown = document.RootElement.EnumerateObject().Select(p => p.Name).Where(n => !KnownTeamCoreKeys.Contains(n)).ToList();
            if (unknown.Count > 0)
            {
                output.WriteLine($"  {call}: unrecognised top-level keys: {string.Join(", ", unknown)}");
            }
        }
    }

    private void ReportUnknownRowFields(string body)
    {
        using var document = JsonDocument.Parse(body);
        var rows = document.RootElement.ValueKind == JsonValueKind.Array ? document.RootElement.EnumerateArray().ToList() : [];
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            output.WriteLine($"  GetCalendar: a JSON {document.RootElement.ValueKind}, not the array the live API is known to send");
        }

        var unknown = rows.Where(r => r.ValueKind == JsonValueKind.Object)
            .SelectMany(r => r.EnumerateObject().Select(p => p.Name))
            .Where(n => !KnownCalendarRowKeys.Contains(n))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (unknown.Count > 0)
        {
            output.WriteLine($"  GetCalendar: row fields not read: {string.Join(", ", unknown)}");
        }
    }
}
