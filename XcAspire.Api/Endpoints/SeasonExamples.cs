using Microsoft.AspNetCore.Mvc;
using XcAspire.Silo.Sources;

namespace XcAspire.Api.Endpoints;

/// <summary>The season endpoints' examples in the API reference: the sample source's school 7001, season 2025.</summary>
internal static class SeasonExamples
{
    private static readonly Guid SeasonJobId = Guid.Parse("5f0c6a52-3f4e-4b8e-9a51-6f4b2f1d9c01");
    private static readonly Guid JobId = Guid.Parse("b8a9f0d2-1c44-4c1e-8f7e-2d8f7c3b5a10");
    private static readonly DateTimeOffset Created = new(2025, 11, 20, 18, 4, 0, TimeSpan.Zero);

    public static object PreviewRequest { get; } = new SeasonPreviewRequest(7001, 2025);

    public static object ImportRequest { get; } = new ImportSeasonRequest(7001, 2025, MeetIds: null, Reimport: false);

    public static object Preview { get; } = new SeasonPreviewResponse(
        "7001", 2025, "North Example", "https://www.athletic.net/team/7001/cross-country/2025",
        [
            new SeasonPreviewMeet("900001", "Example Valley Invitational", new DateOnly(2025, 9, 20), true, false, true, null, "skip_already_imported"),
            new SeasonPreviewMeet("900002", "Riverbend Classic", new DateOnly(2025, 10, 4), true, false, false, null, "import"),
            new SeasonPreviewMeet("900009", "2025 Valley League Dual", new DateOnly(2025, 10, 15), false, false, false, null, "skip_no_results"),
            new SeasonPreviewMeet("900010", "2025 State Championships", new DateOnly(2025, 11, 29), false, true, false, null, "skip_upcoming"),
        ],
        SchoolSeason.MaxMeets,
        []);

    public static object Accepted { get; } = new SeasonJobAccepted(
        SeasonJobId, "discovering", "7001", 2025, $"/api/admin/seasons/{SeasonJobId}", $"/api/admin/seasons/{SeasonJobId}/stream");

    public static object Status { get; } = new SeasonStatusResponse(
        SeasonJobId, "7001", 2025, "North Example", "running", "4 meets: 1 imported, 1 running, 2 skipped (1 already imported, 1 without results)",
        null, false, null,
        new Dictionary<string, int> { ["imported"] = 1, ["running"] = 1, ["already_imported"] = 1, ["no_results"] = 1 },
        new ResultOutcomeCounts(96, 96, 0, 0, 0, 1),
        [],
        [
            new SeasonMeetStatus("900001", "Example Valley Invitational", new DateOnly(2025, 9, 20), true, "already_imported", null, false, null, null, null,
                "The database already holds its results"),
            new SeasonMeetStatus("900002", "Riverbend Classic", new DateOnly(2025, 10, 4), true, "imported", JobId, false, "importing_complete",
                new RacePhaseCounts(0, 0, 0, 0, 6, 0, 0), new ResultOutcomeCounts(96, 96, 0, 0, 0, 1), "Imported 6 of 6 races"),
            new SeasonMeetStatus("900003", "League Finals", new DateOnly(2025, 10, 25), true, "running", Guid.Parse("0d7f3e51-8a1b-4f0e-b3c2-9e6a5d4c3b21"),
                false, "scraping", new RacePhaseCounts(1, 1, 0, 0, 0, 0, 0), new ResultOutcomeCounts(0, 0, 0, 0, 0, 0), null),
            new SeasonMeetStatus("900009", "2025 Valley League Dual", new DateOnly(2025, 10, 15), false, "no_results", null, false, null, null, null, null),
        ],
        [],
        new SeasonTimings(Created, Created.AddSeconds(2), null),
        14);

    public static object UnknownSchool { get; } = new ProblemDetails
    {
        Status = 404,
        Title = "The source has no such school season",
        Detail = "School 999999 has no 2025 cross-country season at the source (GetTeamCore answered HTTP 500). Check the id and year " +
                 "in the team's Athletic.net address: /team/999999/cross-country/2025.",
        Instance = "/api/admin/season-preview",
    };

    public static object Conflict { get; } = new ProblemDetails
    {
        Status = 409,
        Title = "The season already has an active import",
        Detail = $"School 7001's 2025 season already has an active import ({SeasonJobId}); follow it, or cancel it first.",
        Instance = "/api/admin/import-season",
        Extensions = { ["seasonJobId"] = SeasonJobId, ["schoolId"] = "7001", ["seasonYear"] = 2025 },
    };
}
