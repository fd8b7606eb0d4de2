using XcAspire.Api.Data;

namespace XcAspire.Api.Endpoints;

public static class VenueCourseEndpoints
{
    public static RouteGroupBuilder MapVenueCourseEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/venues/search", async (string? query, VenueCourseStore store, CancellationToken ct) =>
                TypedResults.Ok(await store.SearchVenuesAsync(query, ct)))
            .WithSummary("Venues whose name or city contains the query (at most 25).");
        admin.MapGet("/courses/search", async (string? query, string? venueId, VenueCourseStore store, CancellationToken ct) =>
                TypedResults.Ok(await store.SearchCoursesAsync(query, string.IsNullOrEmpty(venueId) ? null : Ids.Uuid(venueId, "venueId"), ct)))
            .WithSummary("Courses whose name or venue contains the query, optionally at one venue (at most 50).");
        admin.MapPost("/venues", async (CreateVenueRequest request, VenueCourseStore store, CancellationToken ct) =>
            {
                var venue = await store.CreateVenueAsync(request, ct);
                return TypedResults.Created($"/api/admin/venues/{venue.Id}", venue);
            })
            .WithSummary("Creates a venue (409 when one of that name exists).");
        admin.MapPost("/courses", async (CreateCourseRequest request, VenueCourseStore store, CancellationToken ct) =>
            {
                var course = await store.CreateCourseAsync(request, ct);
                return TypedResults.Created($"/api/admin/courses/{course.Id}", course);
            })
            .WithSummary("Creates a course at a venue (409 when the venue has one of that name).");
        return admin;
    }
}
