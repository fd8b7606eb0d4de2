namespace XcAspire.Silo.Sources.AthleticNet;

/// <summary>
/// Result-row fields this client knows (read or deliberately ignored), from athletic-net-api.md §5 and §7.
/// Anything else is reported by the probe as unrecognised, so a change in the API is seen, not guessed at.
/// </summary>
internal static class KnownFields
{
    public static readonly HashSet<string> ResultRow = new(StringComparer.Ordinal)
    {
        "IDResult", "AthleteID", "FirstName", "LastName", "Grade", "AgeGrade", "Gender", "TeamID", "SchoolID",
        "IDSchool", "SchoolName", "TeamName", "Result", "SortValue", "Place", "pr", "sr", "isPr", "isSr",
        "Exhibition", "RaceDivisionID", "IDDiv", "Round", "EventID", "SortInt", "SortIntRaw", "ShortCode",
        "Score", "Official", "EditorID", "JD", "MediaCount", "Handle",
    };

    /// <summary><see cref="ResultRow"/> looked up by a name not made into a string.</summary>
    public static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> ResultRowLookup = ResultRow.GetAlternateLookup<ReadOnlySpan<char>>();
}
