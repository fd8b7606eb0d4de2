namespace XcAspire.ServiceDefaults.Migrations.Adopt;

/// <summary>
/// The command a person runs to resolve rows a new key rejects. Nothing here runs by itself:
/// deciding which of two rows is right is the site owner's call. {keep} is the first-created row of
/// a group, {ids} the others (quoted, comma-separated).
/// </summary>
public static class ResolveCommands
{
    private static readonly Dictionary<string, string> ByKey = new(StringComparer.Ordinal)
    {
        // The same finish stored twice (the stale key let data_source tell them apart).
        ["results_race_athlete_time_key"] = "DELETE FROM results WHERE id IN ({ids});",
        ["results_race_id_not_null"] = "-- give each result its race (UPDATE results SET race_id = '<race id>' WHERE id = …), or delete it\nSELECT * FROM results WHERE id IN ({ids});",
        // Two races with one Athletic.net race id: the first keeps the id, the others keep their rows without it.
        ["races_athletic_net_race_id_key"] = "UPDATE races SET athletic_net_race_id = NULL, athletic_net_id = NULL WHERE id IN ({ids});",
        ["races_athletic_net_id_mirror"] = "-- the two race id columns disagree: keep the right one in both\nUPDATE races SET athletic_net_id = athletic_net_race_id WHERE id IN ({ids});",
        ["meets_athletic_net_id_key"] = "UPDATE meets SET athletic_net_id = NULL WHERE id IN ({ids});",
        // Two schools XcAspire cannot tell apart by name: merge them into the first.
        ["schools_unidentified_name_key"] = "UPDATE athletes SET school_id = '{keep}' WHERE school_id IN ({ids});\nDELETE FROM schools WHERE id IN ({ids});",
        ["schools_source_key_key"] = "UPDATE athletes SET school_id = '{keep}' WHERE school_id IN ({ids});\nDELETE FROM schools WHERE id IN ({ids});",
        ["courses_venue_id_name_key"] = "UPDATE races SET course_id = '{keep}' WHERE course_id IN ({ids});\nDELETE FROM courses WHERE id IN ({ids});",
        // The retired 1–10 scale (5.0) is not a pace multiplier: unrated until someone rates it.
        ["courses_difficulty_rating_check"] = "UPDATE courses SET difficulty_rating = NULL WHERE id IN ({ids});",
        ["athletes_athletic_net_id_key"] = "UPDATE athletes SET athletic_net_id = NULL WHERE id IN ({ids});",
    };

    public static string For(string key, BlockedGroup group)
    {
        var template = ByKey.GetValueOrDefault(key)
            ?? "-- correct or remove these rows, then run ./xc adopt again\n-- ids: {ids}";
        var others = group.RowIds.Where(id => id != group.KeepId).Select(id => $"'{id}'");
        return template
            .Replace("{keep}", group.KeepId ?? string.Empty, StringComparison.Ordinal)
            .Replace("{ids}", string.Join(", ", others), StringComparison.Ordinal);
    }
}
