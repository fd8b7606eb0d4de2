using XcAspire.Api.Data;
using XcAspire.Api.Problems;
using XcAspire.ServiceDefaults.Domain;
using XcAspire.Silo.Grains.Contracts;
using XcAspire.Silo.Import;
using XcAspire.Silo.MeetData;

namespace XcAspire.Api.Endpoints;

public sealed record FetchMetadataRequest(string? MeetId);

public sealed record MeetSummary(string MeetId, string Name, DateOnly Date, int SeasonYear);

public sealed record VenueSummary(string Name, string? City, string? State);

public sealed record RaceSummary(string RaceId, string Title, string Gender, int DistanceMeters, string RaceType);

/// <summary>A distance the meet runs, with the courses already in the database that could be it.</summary>
public sealed record CourseSuggestion(int DistanceMeters, string Name, IReadOnlyList<CourseDto> Suggestions);

public sealed record MetadataResponse(
    MeetSummary Meet,
    VenueSummary? Venue,
    IReadOnlyList<RaceSummary> Races,
    IReadOnlyList<CourseSuggestion> Courses,
    IReadOnlyList<VenueDto> SuggestedVenues,
    IReadOnlyList<string> Warnings);

/// <summary>The venue and courses the operator chose (an existing id) or described (a new one).</summary>
public sealed record ScrapeMetadata(ScrapeVenue? Venue, IReadOnlyList<ScrapeCourse>? Courses);

public sealed record ScrapeVenue(Guid? VenueId, string? Name, string? City, string? State);

public sealed record ScrapeCourse(int? DistanceMeters, Guid? CourseId, string? Name, decimal? DifficultyRating);

public sealed record StartScrapeBody(string? MeetId, ScrapeMetadata? Metadata, bool? AutoImport);

public sealed record StartScrapeResponse(Guid JobId, JobStatus Status, string DirectoryPath);

public sealed record StartImportBody(string? JobId, string? DirectoryPath, bool? DryRun);

public sealed record StartImportResponse(Guid JobId, JobStatus Status, string MeetId);

public sealed record ImportFoldersBody(IReadOnlyList<string>? DirectoryPaths, string? Under);

/// <summary>One folder of an import-folders call: its job, or why it has none.</summary>
public sealed record FolderJob(string DirectoryPath, string? MeetId, Guid? JobId, JobStatus? Status, string? Error);

public sealed record ImportFoldersResponse(IReadOnlyList<FolderJob> Folders);

/// <summary>Validates the wizard's choices into the grain contract's <see cref="MeetChoices"/>.</summary>
public static class ScrapeChoices
{
    public static MeetChoices? From(ScrapeMetadata? metadata)
    {
        if (metadata is null)
        {
            return null;
        }

        VenueChoice? venue = metadata.Venue switch
        {
            null => null,
            { VenueId: { } id } => new VenueChoice(id, null, null, null),
            { Name: { } name } when !string.IsNullOrWhiteSpace(name) =>
                new VenueChoice(null, name.Trim(), metadata.Venue.City?.Trim(), metadata.Venue.State?.Trim()),
            _ => throw new RequestValidationException("metadata.venue needs a venueId or a name."),
        };

        var courses = new List<CourseChoice>();
        foreach (var course in metadata.Courses ?? [])
        {
            if (course.DistanceMeters is not (>= 100 and <= 50000) || course.DistanceMeters is null)
            {
                throw new RequestValidationException("Every metadata.courses entry needs distanceMeters between 100 and 50000.");
            }

            if (course.CourseId is null && string.IsNullOrWhiteSpace(course.Name))
            {
                throw new RequestValidationException($"The course for {course.DistanceMeters} m needs a courseId or a name.");
            }

            if (course.DifficultyRating is { } rating && !DifficultyRating.IsPaceMultiplier(rating))
            {
                throw new RequestValidationException($"The difficulty rating of the {course.DistanceMeters} m course must be {DifficultyRating.Range}.");
            }

            courses.Add(new CourseChoice(course.DistanceMeters.Value, course.CourseId, course.Name?.Trim(), course.DifficultyRating));
        }

        return new MeetChoices(venue, courses);
    }
}
