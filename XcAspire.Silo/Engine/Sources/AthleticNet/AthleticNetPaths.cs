namespace XcAspire.Silo.Sources.AthleticNet;

/// <summary>The API's paths (athletic-net-api.md §1), relative to the configured base URL.</summary>
public static class AthleticNetPaths
{
    public const string Prefix = "/api/v1/Meet/";

    public static string MeetData(string meetId) => $"{Prefix}GetMeetData?meetId={Uri.EscapeDataString(meetId)}&sport=xc";

    // meetId is sent although the token identifies the meet: it costs nothing and makes stored URLs readable.
    public static string AllResults(string meetId) =>
        $"{Prefix}GetAllResultsData?meetId={Uri.EscapeDataString(meetId)}&rawResults=false&showTips=false";

    public const string ResultsData3 = Prefix + "GetResultsData3";

    public static string ResultsData3Body(string raceId) => $$"""{"divId":{{raceId}}}""";

    /// <summary>The meet's results page in a browser (for messages and saved pages).</summary>
    public static string ResultsPage(string meetId, string? raceId = null) =>
        $"/CrossCountry/meet/{meetId}/results" + (raceId is null ? string.Empty : $"/{raceId}");
}
