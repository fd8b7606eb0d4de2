namespace XcAspire.Silo.Sources.AthleticNet;

/// <summary>The API's paths (athletic-net-api.md §1), relative to the configured base URL.</summary>
public static class AthleticNetPaths
{
    public const string ApiRoot = "/api/v1/";

    public const string Prefix = ApiRoot + "Meet/";

    public const string TeamCorePath = ApiRoot + "TeamHome/GetTeamCore";

    public const string CalendarPath = ApiRoot + "TeamHomeCal/GetCalendar";

    public static string MeetData(string meetId) => $"{Prefix}GetMeetData?meetId={Uri.EscapeDataString(meetId)}&sport=xc";

    // meetId is sent although the token identifies the meet: it costs nothing and makes stored URLs readable.
    public static string AllResults(string meetId) =>
        $"{Prefix}GetAllResultsData?meetId={Uri.EscapeDataString(meetId)}&rawResults=false&showTips=false";

    public const string ResultsData3 = Prefix + "GetResultsData3";

    public static string ResultsData3Body(string raceId) => $$"""{"divId":{{raceId}}}""";

    public static string TeamCore(string schoolId, int seasonYear) =>
        $"{TeamCorePath}?teamId={Uri.EscapeDataString(schoolId)}&sport=xc&year={seasonYear}";

    // The team is the one the jwtTeamHome token was issued for; the query names only the season.
    public static string Calendar(int seasonYear) => $"{CalendarPath}?seasonId={seasonYear}";

    /// <summary>The school's season page in a browser (what a person pastes, and what messages point at).</summary>
    public static string TeamSeasonPage(string schoolId, int seasonYear) => $"/team/{schoolId}/cross-country/{seasonYear}";

    /// <summary>The meet's results page in a browser (for messages and saved pages).</summary>
    public static string ResultsPage(string meetId, string? raceId = null) =>
        $"/CrossCountry/meet/{meetId}/results" + (raceId is null ? string.Empty : $"/{raceId}");
}
