namespace XcAspire.Silo.Import.Derived;

/// <summary>
/// What XcAspire's foreign keys do when a result is deleted, done by statements before the delete:
/// the derived rows and review pairs naming the result go (derived rows are rebuilt after), and a
/// result it replaced no longer names it. An adopted site database keeps its own keys with their
/// own actions (the site's best-time references have none, so PostgreSQL would refuse the delete);
/// with these, XcAspire's deletes of results work whatever the keys do.
/// </summary>
public static class ResultRemoval
{
    private static readonly (string Table, string Column)[] Naming =
    [
        ("athlete_best_times", "season_best_result_id"), ("athlete_best_times", "alltime_best_result_id"),
        ("course_records", "result_id"), ("school_hall_of_fame", "result_id"), ("school_course_records", "result_id"),
        ("potential_duplicates", "result_id_1"), ("potential_duplicates", "result_id_2"),
    ];

    /// <summary>The statements to run before deleting the results that <paramref name="resultIds"/> (a query of their ids) selects.</summary>
    public static IEnumerable<string> Before(string resultIds) =>
        Naming.Select(n => $"DELETE FROM {n.Table} WHERE {n.Column} IN ({resultIds})")
            .Append($"UPDATE results SET replaced_by = NULL WHERE replaced_by IN ({resultIds})");
}
