using Microsoft.AspNetCore.Http.HttpResults;
using XcAspire.Api.Data;

namespace XcAspire.Api.Endpoints;

public sealed record RebuildDerivedRequest(string? MeetId, string? CourseId);

/// <summary>Removing a meet's results and rebuilding derived data, e.g. after a course difficulty edit.</summary>
public static class MaintenanceEndpoints
{
    public static RouteGroupBuilder MapMaintenanceEndpoints(this RouteGroupBuilder admin)
    {
        var maintenance = admin.MapGroup("/maintenance");
        maintenance.MapPost("/meets/{meetId}/remove-results", RemoveMeetResultsAsync)
            .WithSummary("Removes a meet's imported results and non-finishers and rebuilds the derived data they fed. 409 while the meet has an active job.");
        maintenance.MapPost("/rebuild-derived", RebuildAsync)
            .WithSummary("Rebuilds derived data (best times, course records, hall of fame) for one meet, one course, or everything when the body names neither.");
        return admin;
    }

    private static async Task<Ok<RemovedMeetResults>> RemoveMeetResultsAsync(string meetId, MaintenanceStore store, CancellationToken ct) =>
        TypedResults.Ok(await store.RemoveMeetResultsAsync(Ids.MeetId(meetId), ct));

    private static async Task<Ok<DerivedRebuilt>> RebuildAsync(RebuildDerivedRequest? body, MaintenanceStore store, CancellationToken ct)
    {
        if (body?.MeetId is not null && body.CourseId is not null)
        {
            throw new Problems.RequestValidationException("Name a meetId or a courseId, not both (neither rebuilds everything).");
        }

        return TypedResults.Ok(await store.RebuildAsync(
            body?.MeetId is { } meet ? Ids.MeetId(meet) : null,
            body?.CourseId is { } course ? Ids.Uuid(course, "courseId") : null,
            ct));
    }
}
