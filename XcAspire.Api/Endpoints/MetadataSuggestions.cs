using System.Globalization;
using XcAspire.Api.Data;
using XcAspire.Silo.Sources;

namespace XcAspire.Api.Endpoints;

/// <summary>
/// The wizard's second step: the meet as the source describes it, with the venues and courses already
/// in the database that could be the ones it ran on, so the operator picks instead of creating twins.
/// </summary>
public static class MetadataSuggestions
{
    public static async Task<MetadataResponse> BuildAsync(MeetMetadata metadata, VenueCourseStore store, CancellationToken ct)
    {
        var meet = metadata.Meet;
        var venueName = metadata.Venue?.Name ?? meet.VenueName;
        var venues = venueName is null ? [] : await store.SearchVenuesAsync(venueName, ct);
        // Each venue's courses once, then matched to every distance the meet runs.
        var venueCourses = new List<CourseDto>();
        foreach (var venue in venues)
        {
            venueCourses.AddRange(await store.SearchCoursesAsync(null, venue.Id, ct));
        }

        var courses = new List<CourseSuggestion>();
        foreach (var distance in metadata.Races.Select(r => r.DistanceMeters).Distinct().Order())
        {
            var candidates = venueCourses.Where(c => c.DistanceMeters == distance).ToList();
            var name = $"{venueName ?? "Unknown venue"}, {distance.ToString("N0", CultureInfo.InvariantCulture)} Meters";
            courses.Add(new CourseSuggestion(distance, name, candidates));
        }

        return new MetadataResponse(
            new MeetSummary(meet.AthleticNetMeetId, meet.Name, meet.Date, meet.SeasonYear),
            metadata.Venue is { } v ? new VenueSummary(v.Name, v.City, v.State) : venueName is null ? null : new VenueSummary(venueName, null, null),
            metadata.Races.Select(r => new RaceSummary(r.AthleticNetRaceId, r.Title, r.Gender, r.DistanceMeters, r.RaceType)).ToList(),
            courses,
            venues,
            metadata.Warnings);
    }
}
