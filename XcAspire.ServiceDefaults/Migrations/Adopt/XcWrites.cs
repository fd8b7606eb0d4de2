namespace XcAspire.ServiceDefaults.Migrations.Adopt;

/// <summary>
/// The text columns of the domain tables that XcAspire writes, and what it writes there. Adoption
/// judges the site's column types by it (<see cref="ColumnTypes"/>): a column XcAspire never writes
/// may have any type; one it writes words of its own into must hold the widest of them; one it
/// writes source values into (names, titles, ids) may be narrower, and the importer rejects a
/// value that does not fit as a row with its reason (XcAspire.Silo SiteWidths maps its values to
/// these columns; the adoption tests keep the two lists equal).
/// </summary>
public static class XcWrites
{
    /// <summary>"table.column" of every text column the importer fills from a source.</summary>
    public static IReadOnlySet<string> SourceText { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "venues.name", "venues.city", "venues.state",
        "meets.name", "meets.athletic_net_id",
        "courses.name", "courses.distance_display",
        "races.name", "races.athletic_net_race_id", "races.athletic_net_id",
        "schools.name", "schools.normalized_name", "schools.athletic_net_id", "schools.source_key",
        "athletes.name", "athletes.first_name", "athletes.last_name", "athletes.normalized_name", "athletes.slug",
        "athletes.athletic_net_id",
        "results.source_result_id", "non_finishers.source_result_id",
        "potential_duplicate_athletes.name_1", "potential_duplicate_athletes.name_2",
        "course_records.athlete_name", "course_records.school_name", "course_records.meet_name",
        "school_hall_of_fame.athlete_name", "school_hall_of_fame.course_name", "school_hall_of_fame.meet_name",
        "school_course_records.athlete_name", "school_course_records.meet_name",
    };

    /// <summary>
    /// "table.column" of every text column XcAspire writes its own words into: the words its CHECK
    /// constraint and default allow, and those listed here where no CHECK names them.
    /// </summary>
    public static IReadOnlyDictionary<string, string[]> OwnWords { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["meets.meet_type"] = [],
        ["races.gender"] = [],
        ["races.race_type"] = [],
        ["athletes.gender"] = [],
        ["results.data_source"] = [],
        ["results.validation_status"] = [],
        ["non_finishers.status"] = [],
        ["non_finishers.data_source"] = [],
        ["potential_duplicates.conflict_type"] = [],
        ["potential_duplicates.status"] = [],
        ["potential_duplicates.resolved_by"] = ["admin"],
        ["potential_duplicate_athletes.conflict_type"] =
        [
            "ambiguous_match", "capitalization_difference", "middle_name_difference", "grad_year_difference", "damaged_name", "unknown_grad_year",
        ],
        ["potential_duplicate_athletes.gender_1"] = [],
        ["potential_duplicate_athletes.gender_2"] = [],
        ["potential_duplicate_athletes.status"] = [],
        ["potential_duplicate_athletes.resolved_by"] = ["admin"],
        ["course_records.gender"] = [],
        ["school_hall_of_fame.gender"] = [],
        ["school_course_records.gender"] = [],
    };

    /// <summary>Text columns an operator's own words go into (review notes): any length the site's type holds.</summary>
    public static IReadOnlySet<string> OperatorText { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "potential_duplicates.resolution_notes", "potential_duplicate_athletes.resolution_notes",
    };

    public static bool Writes(string table, string column)
    {
        var key = $"{table}.{column}";
        return SourceText.Contains(key) || OwnWords.ContainsKey(key) || OperatorText.Contains(key);
    }
}
