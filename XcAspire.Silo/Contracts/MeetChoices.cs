namespace XcAspire.Silo.Grains.Contracts;

/// <summary>
/// What the operator chose in the wizard's metadata step: an existing venue (by id) or a new one,
/// and for each race distance an existing course (by id) or a new one with its difficulty.
/// </summary>
[GenerateSerializer, Alias("xc.MeetChoices")]
public sealed record MeetChoices([property: Id(0)] VenueChoice? Venue, [property: Id(1)] IReadOnlyList<CourseChoice> Courses);

[GenerateSerializer, Alias("xc.VenueChoice")]
public sealed record VenueChoice(
    [property: Id(0)] Guid? VenueId, [property: Id(1)] string? Name, [property: Id(2)] string? City, [property: Id(3)] string? State);

[GenerateSerializer, Alias("xc.CourseChoice")]
public sealed record CourseChoice(
    [property: Id(0)] int DistanceMeters, [property: Id(1)] Guid? CourseId, [property: Id(2)] string? Name, [property: Id(3)] decimal? DifficultyRating);
