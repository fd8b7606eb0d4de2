using CsvHelper;

namespace XcAspire.Silo.Import.Csv;

// The seed's CSV files (domain.md §3.2), every column read as text: the spreadsheet damage a folder
// carries (padded numbers, M/D/YY dates, TRUE/FALSE) is parsed by Cells with a reason per bad value.

[CsvRecord]
public sealed partial record MeetRow
{
    [CsvColumn("athletic_net_id")] public string AthleticNetId { get; init; } = "";
    [CsvColumn("name")] public string Name { get; init; } = "";
    [CsvColumn("meet_date")] public string MeetDate { get; init; } = "";
    [CsvColumn("venue_name", Optional = true)] public string VenueName { get; init; } = "";
    [CsvColumn("season_year", Optional = true)] public string SeasonYear { get; init; } = "";
    [CsvColumn("meet_type", Optional = true)] public string MeetType { get; init; } = "";
}

[CsvRecord]
public sealed partial record RaceRow
{
    [CsvColumn("athletic_net_race_id")] public string AthleticNetRaceId { get; init; } = "";
    [CsvColumn("meet_athletic_net_id")] public string MeetAthleticNetId { get; init; } = "";
    [CsvColumn("name")] public string Name { get; init; } = "";
    [CsvColumn("gender")] public string Gender { get; init; } = "";
    [CsvColumn("distance_meters")] public string DistanceMeters { get; init; } = "";
    [CsvColumn("race_type", Optional = true)] public string RaceType { get; init; } = "";
    [CsvColumn("course_name", Optional = true)] public string CourseName { get; init; } = "";
}

[CsvRecord]
public sealed partial record ResultRow
{
    [CsvColumn("athletic_net_race_id")] public string AthleticNetRaceId { get; init; } = "";
    [CsvColumn("athlete_name")] public string AthleteName { get; init; } = "";
    [CsvColumn("athlete_first_name", Optional = true)] public string FirstName { get; init; } = "";
    [CsvColumn("athlete_last_name", Optional = true)] public string LastName { get; init; } = "";
    [CsvColumn("athlete_school_id")] public string SchoolId { get; init; } = "";
    [CsvColumn("time_cs")] public string TimeCs { get; init; } = "";
    [CsvColumn("place_overall", Optional = true)] public string Place { get; init; } = "";
    [CsvColumn("grade", Optional = true)] public string Grade { get; init; } = "";
    [CsvColumn("needs_review", Optional = true)] public string NeedsReview { get; init; } = "";
}

[CsvRecord]
public sealed partial record SchoolRow
{
    [CsvColumn("athletic_net_id")] public string AthleticNetId { get; init; } = "";
    [CsvColumn("name")] public string Name { get; init; } = "";
}

[CsvRecord]
public sealed partial record VenueRow
{
    [CsvColumn("name")] public string Name { get; init; } = "";
    [CsvColumn("city", Optional = true)] public string City { get; init; } = "";
    [CsvColumn("state", Optional = true)] public string State { get; init; } = "";
}

[CsvRecord]
public sealed partial record CourseRow
{
    [CsvColumn("name")] public string Name { get; init; } = "";
    [CsvColumn("venue_name", Optional = true)] public string VenueName { get; init; } = "";
    [CsvColumn("distance_meters")] public string DistanceMeters { get; init; } = "";
    [CsvColumn("distance_display", Optional = true)] public string DistanceDisplay { get; init; } = "";
    [CsvColumn("difficulty_rating", Optional = true)] public string DifficultyRating { get; init; } = "";
}
