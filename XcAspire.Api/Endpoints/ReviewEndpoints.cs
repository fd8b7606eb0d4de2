using Microsoft.AspNetCore.Http.HttpResults;
using XcAspire.Api.Data;
using XcAspire.Api.Problems;

namespace XcAspire.Api.Endpoints;

public sealed record ResolveReviewRequest(string? Resolution, string? Notes);

/// <summary>The review queues: possible duplicate athletes and one athlete with two times in a race.</summary>
public static class ReviewEndpoints
{
    private static readonly string[] AthleteStatuses = ["pending", "same_person", "different_people", "ignored"];
    private static readonly string[] ResultStatuses = ["pending", "resolved", "ignored"];

    public static RouteGroupBuilder MapReviewEndpoints(this RouteGroupBuilder admin)
    {
        var review = admin.MapGroup("/review");
        review.MapGet("/athletes", ListAthletesAsync)
            .WithSummary("Athletes matched with less than full certainty (potential_duplicate_athletes); filter by status (default pending) and meetId.");
        review.MapPost("/athletes/{id}/resolve", ResolveAthleteAsync)
            .WithSummary("same_person merges the second athlete into the first (results re-pointed, derived data rebuilt); different_people or ignored close the item.");
        review.MapGet("/results", ListResultsAsync)
            .WithSummary("One athlete with two different times in one race (potential_duplicates); filter by status (default pending) and meetId.");
        review.MapPost("/results/{id}/resolve", ResolveResultAsync)
            .WithSummary("keep_first or keep_second marks the other time replaced and rebuilds the athlete's derived data; keep_both or ignored close the item.");
        return admin;
    }

    private static async Task<Ok<IReadOnlyList<AthleteReviewItem>>> ListAthletesAsync(
        string? status, string? meetId, int? limit, ReviewStore store, CancellationToken ct) =>
        TypedResults.Ok(await store.ListAthletesAsync(
            Status(status, AthleteStatuses), meetId is null ? null : Ids.MeetId(meetId), Math.Clamp(limit ?? 200, 1, 1000), ct));

    private static async Task<Ok<IReadOnlyList<ResultReviewItem>>> ListResultsAsync(
        string? status, string? meetId, int? limit, ReviewStore store, CancellationToken ct) =>
        TypedResults.Ok(await store.ListResultsAsync(
            Status(status, ResultStatuses), meetId is null ? null : Ids.MeetId(meetId), Math.Clamp(limit ?? 200, 1, 1000), ct));

    private static async Task<Ok<ReviewResolution>> ResolveAthleteAsync(
        string id, ResolveReviewRequest body, ReviewStore store, CancellationToken ct) =>
        TypedResults.Ok(await store.ResolveAthleteAsync(Ids.Uuid(id, "id"), body.Resolution ?? "", Notes(body.Notes), ct));

    private static async Task<Ok<ReviewResolution>> ResolveResultAsync(
        string id, ResolveReviewRequest body, ReviewStore store, CancellationToken ct) =>
        TypedResults.Ok(await store.ResolveResultAsync(Ids.Uuid(id, "id"), body.Resolution ?? "", Notes(body.Notes), ct));

    private static string Status(string? status, string[] allowed) =>
        status is null ? "pending"
        : allowed.Contains(status) ? status
        : throw new RequestValidationException($"status must be one of: {string.Join(", ", allowed)}.");

    private static string? Notes(string? notes) =>
        notes is { Length: > 2000 } ? throw new RequestValidationException("notes may be at most 2000 characters.") : notes;
}
