using XcAspire.Silo.Grains.Contracts;

namespace XcAspire.Silo.Import.Races;

/// <summary>
/// What one race's import did. <see cref="Counts"/>: the four outcomes add up to the rows read
/// (results and rejected input rows of the race); flagged rows are counted on the side.
/// <see cref="RaceId"/> is NULL when the race itself could not be stored (all its rows rejected).
/// </summary>
public sealed record RaceImportResult(string AthleticNetRaceId, Guid? RaceId, RowOutcomeCounts Counts, IReadOnlyList<string> Warnings);
