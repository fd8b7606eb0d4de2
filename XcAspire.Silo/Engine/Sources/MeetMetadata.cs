using XcAspire.Silo.MeetData;

namespace XcAspire.Silo.Sources;

/// <summary>
/// A meet as GetMeetData describes it, before any result is read: the meet, its venue (null when the
/// source gives none) and its races. <paramref name="Warnings"/> name races that had to be skipped.
/// </summary>
public sealed record MeetMetadata(
    MeetRecord Meet,
    VenueRecord? Venue,
    IReadOnlyList<RaceRecord> Races,
    IReadOnlyList<string> Warnings);

/// <summary>
/// One race's rows as read: every source row is either in <paramref name="Results"/> or in
/// <paramref name="Rejected"/> with its reason. <paramref name="Origin"/> says which call they came from.
/// </summary>
public sealed record RaceRows(
    RaceRecord Race,
    IReadOnlyList<ResultRecord> Results,
    IReadOnlyList<RejectedRow> Rejected,
    IReadOnlyList<string> Warnings,
    RaceRowsOrigin Origin = RaceRowsOrigin.WholeMeet)
{
    public int RowCount => Results.Count + Rejected.Count;
}

public enum RaceRowsOrigin
{
    /// <summary>From the stored GetAllResultsData response.</summary>
    WholeMeet,

    /// <summary>From GetResultsData3 for this race (the race was missing from the whole-meet response).</summary>
    PerRace,

    /// <summary>From saved result pages.</summary>
    SavedPage,
}
