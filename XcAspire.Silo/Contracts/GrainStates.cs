namespace XcAspire.Silo.Grains.Contracts;

/// <summary>What happened to the rows a race or a job read (product.md §7): the four outcomes add up to <see cref="Read"/>.</summary>
[GenerateSerializer, Alias("xc.RowOutcomeCounts")]
public sealed record RowOutcomeCounts(
    [property: Id(0)] int Read,
    [property: Id(1)] int Inserted,
    [property: Id(2)] int AlreadyPresent,
    [property: Id(3)] int Updated,
    [property: Id(4)] int Rejected,
    [property: Id(5)] int Flagged)
{
    public static readonly RowOutcomeCounts None = new(0, 0, 0, 0, 0, 0);

    public RowOutcomeCounts Plus(RowOutcomeCounts other) => new(
        Read + other.Read, Inserted + other.Inserted, AlreadyPresent + other.AlreadyPresent,
        Updated + other.Updated, Rejected + other.Rejected, Flagged + other.Flagged);
}

[GenerateSerializer, Alias("xc.RaceCountsByPhase")]
public sealed record RaceCountsByPhase(
    [property: Id(0)] int Total,
    [property: Id(1)] int Pending,
    [property: Id(2)] int Scraping,
    [property: Id(3)] int Scraped,
    [property: Id(4)] int Importing,
    [property: Id(5)] int Imported,
    [property: Id(6)] int Failed,
    [property: Id(7)] int Cancelled);

[GenerateSerializer, Alias("xc.JobTimings")]
public sealed record JobTimings(
    [property: Id(0)] DateTimeOffset CreatedAt,
    [property: Id(1)] DateTimeOffset? ScrapingStartedAt,
    [property: Id(2)] DateTimeOffset? ScrapingFinishedAt,
    [property: Id(3)] DateTimeOffset? ImportingStartedAt,
    [property: Id(4)] DateTimeOffset? ImportingFinishedAt,
    [property: Id(5)] DateTimeOffset? FinishedAt);

/// <summary>A MeetGrain's answer about one of its jobs (the current one unless asked for another), with counts and timings.</summary>
[GenerateSerializer, Alias("xc.MeetGrainState")]
public sealed record MeetGrainState(
    [property: Id(0)] string MeetId,
    [property: Id(1)] Guid JobId,
    [property: Id(2)] string Kind,
    [property: Id(3)] JobStatus Status,
    [property: Id(4)] bool AutoImport,
    [property: Id(5)] string? DirectoryPath,
    [property: Id(6)] string? Message,
    [property: Id(7)] string? LastError,
    [property: Id(8)] RaceCountsByPhase Races,
    [property: Id(9)] RowOutcomeCounts Results,
    [property: Id(10)] string MeetStep,
    [property: Id(11)] int MeetStepRuns,
    [property: Id(12)] JobTimings Timings,
    [property: Id(13)] long Version,
    [property: Id(14)] string? Silo = null);

/// <summary>One failed attempt of a race, or an attempt a stopped silo left unfinished.</summary>
[GenerateSerializer, Alias("xc.RaceError")]
public sealed record RaceError(
    [property: Id(0)] DateTimeOffset OccurredAt,
    [property: Id(1)] int Attempt,
    [property: Id(2)] string SiloId,
    [property: Id(3)] string Phase,
    [property: Id(4)] string Message);

[GenerateSerializer, Alias("xc.RaceTimings")]
public sealed record RaceTimings(
    [property: Id(0)] DateTimeOffset? ScrapeStartedAt,
    [property: Id(1)] DateTimeOffset? ScrapeFinishedAt,
    [property: Id(2)] DateTimeOffset? ImportStartedAt,
    [property: Id(3)] DateTimeOffset? ImportFinishedAt)
{
    public static readonly RaceTimings None = new(null, null, null, null);
}

/// <summary>
/// A RaceGrain's state as operators see it (key: meet id + race id): <see cref="Silo"/> is the silo that
/// ran (or runs) its last step, <see cref="ActivationSilo"/> the one holding the grain when asked.
/// </summary>
[GenerateSerializer, Alias("xc.RaceGrainState")]
public sealed record RaceGrainState(
    [property: Id(0)] string MeetId,
    [property: Id(1)] string RaceId,
    [property: Id(2)] Guid JobId,
    [property: Id(3)] string Title,
    [property: Id(4)] RacePhase Phase,
    [property: Id(5)] string? NextStep,
    [property: Id(6)] DateTimeOffset? ScheduledAt,
    [property: Id(7)] int Attempt,
    [property: Id(8)] string? Silo,
    [property: Id(9)] string? ActivationSilo,
    [property: Id(10)] RaceTimings Timings,
    [property: Id(11)] RowOutcomeCounts Rows,
    [property: Id(12)] string? LastError,
    [property: Id(13)] IReadOnlyList<RaceError> Errors,
    [property: Id(14)] long Version);

/// <summary>
/// What a RaceGrain tells its MeetGrain after each change, and what the MeetGrain keeps of every race of a
/// job. <see cref="Sequence"/> grows with every change of the race, so an older report never overwrites a newer.
/// </summary>
[GenerateSerializer, Alias("xc.RaceSummary")]
public sealed record RaceSummary(
    [property: Id(0)] string RaceId,
    [property: Id(1)] string Title,
    [property: Id(2)] RacePhase Phase,
    [property: Id(3)] RaceStep? NextStep,
    [property: Id(4)] int Attempt,
    [property: Id(5)] RowOutcomeCounts Rows,
    [property: Id(6)] string? LastError,
    [property: Id(7)] string? Silo,
    [property: Id(8)] RaceTimings Timings,
    [property: Id(9)] long Sequence);
