namespace XcAspire.Silo.MeetData;

/// <summary>
/// One meet as read from any source (a CSV meet folder, Athletic.net's JSON API, saved result
/// pages). Every reader produces this shape, so every source goes through one import.
/// Every input row is here exactly once: as a result in <see cref="Results"/>, or in
/// <see cref="Rejected"/> with the reason it could not be read.
/// </summary>
public sealed record MeetSnapshot(
    MeetRecord Meet,
    VenueRecord? Venue,
    IReadOnlyList<CourseRecord> Courses,
    IReadOnlyList<RaceRecord> Races,
    IReadOnlyList<SchoolRecord> Schools,
    IReadOnlyList<ResultRecord> Results,
    IReadOnlyList<RejectedRow> Rejected,
    IReadOnlyList<string> Warnings);

/// <summary>The meet. <paramref name="SeasonYear"/> is the calendar year of the fall season.</summary>
public sealed record MeetRecord(
    string AthleticNetMeetId,
    string Name,
    DateOnly Date,
    int SeasonYear,
    string? VenueName,
    string? MeetType);

public sealed record VenueRecord(string Name, string? City, string? State);

/// <summary>A course at the meet's venue; <paramref name="DifficultyRating"/> NULL when unrated.</summary>
public sealed record CourseRecord(
    string Name,
    string VenueName,
    int DistanceMeters,
    string? DistanceDisplay,
    decimal? DifficultyRating);

/// <summary>
/// A race. <paramref name="Gender"/> is "M" or "F" (from the division, never guessed from a substring);
/// <paramref name="RaceType"/> is one of the races.race_type values (varsity, jv, frosh_soph, …);
/// <paramref name="CourseName"/> names a <see cref="CourseRecord"/> when the source says which course.
/// </summary>
public sealed record RaceRecord(
    string AthleticNetRaceId,
    string Title,
    string Gender,
    int DistanceMeters,
    string RaceType,
    string? CourseName);

/// <summary>
/// A school as the source names it: the real Athletic.net team id when known, else the scraper's
/// synthetic key (<c>school_…</c>), else only the name.
/// </summary>
public sealed record SchoolRecord(string Name, string? AthleticNetTeamId, string? SourceKey);

public enum FinishStatus
{
    Finished,
    DNF,
    DNS,
    DQ,
    SCR,
    NT,
}

/// <summary>Where an input row came from, for reports a person can act on.</summary>
public sealed record SourceRow(string File, int Line);

/// <summary>
/// One result row. <paramref name="TimeCs"/> is set exactly when <paramref name="Status"/> is
/// <see cref="FinishStatus.Finished"/>. <paramref name="Grade"/> is the grade as given (NULL when
/// missing, never defaulted). The school is identified like <see cref="SchoolRecord"/>.
/// <paramref name="NeedsReview"/> marks damaged names (U+FFFD, mojibake) imported as given.
/// <paramref name="SourceResultId"/> is Athletic.net's IDResult when the source has one.
/// </summary>
public sealed record ResultRecord(
    SourceRow Source,
    string AthleticNetRaceId,
    string AthleteName,
    string? FirstName,
    string? LastName,
    string? AthleticNetAthleteId,
    string SchoolName,
    string? AthleticNetTeamId,
    string? SchoolSourceKey,
    int? Grade,
    int? TimeCs,
    FinishStatus Status,
    int? Place,
    string? SourceResultId,
    bool NeedsReview);

/// <summary>An input row that could not be read, with the reason and the raw text.</summary>
public sealed record RejectedRow(SourceRow Source, string? AthleticNetRaceId, string Reason, string RawText);
