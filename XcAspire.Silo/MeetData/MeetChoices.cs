namespace XcAspire.Silo.MeetData;

/// <summary>
/// What the operator chose in the wizard's metadata step: an existing venue (by id) or a new one,
/// and for each race distance an existing course (by id) or a new one with its difficulty.
/// </summary>
public sealed record MeetChoices(VenueChoice? Venue, IReadOnlyList<CourseChoice> Courses);

public sealed record VenueChoice(Guid? VenueId, string? Name, string? City, string? State);

public sealed record CourseChoice(int DistanceMeters, Guid? CourseId, string? Name, decimal? DifficultyRating);
