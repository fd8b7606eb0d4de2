namespace XcAspire.Silo.Grains.Contracts;

/// <summary>What happened to the rows a race or a job read (product.md §7): the four outcomes add up to <see cref="Read"/>.</summary>
public sealed record RowOutcomeCounts(int Read, int Inserted, int AlreadyPresent, int Updated, int Rejected, int Flagged)
{
    public static readonly RowOutcomeCounts None = new(0, 0, 0, 0, 0, 0);
}

public sealed record RaceCountsByPhase(
    int Total, int Pending, int Scraping, int Scraped, int Importing, int Imported, int Failed, int Cancelled);

public sealed record JobTimings(
    DateTimeOffset CreatedAt,
    DateTimeOffset? ScrapingStartedAt,
    DateTimeOffset? ScrapingFinishedAt,
    DateTimeOffset? ImportingStartedAt,
    DateTimeOffset? ImportingFinishedAt,
    DateTimeOffset? FinishedAt);

/// <summary>A MeetGrain's state: its current job (the active one, else the latest) with counts and timings.</summary>
public sealed record MeetGrainState(
    string MeetId,
    Guid JobId,
    string Kind,
    JobStatus Status,
    bool AutoImport,
    string? DirectoryPath,
    string? Message,
    string? LastError,
    RaceCountsByPhase Races,
    RowOutcomeCounts Results,
    string MeetStep,
    int MeetStepRuns,
    JobTimings Timings,
    long Version);

/// <summary>One failed attempt or takeover of a race.</summary>
public sealed record RaceError(DateTimeOffset OccurredAt, int Attempt, string SiloId, string Phase, string Message);

public sealed record RaceTimings(
    DateTimeOffset? ScrapeStartedAt,
    DateTimeOffset? ScrapeFinishedAt,
    DateTimeOffset? ImportStartedAt,
    DateTimeOffset? ImportFinishedAt);

/// <summary>A RaceGrain's state (key: meet id + race id).</summary>
public sealed record RaceGrainState(
    string MeetId,
    string RaceId,
    Guid JobId,
    string Title,
    RacePhase Phase,
    string? NextStep,
    DateTimeOffset? ScheduledAt,
    int Attempt,
    string? LeaseOwner,
    DateTimeOffset? LeaseExpiresAt,
    RaceTimings Timings,
    RowOutcomeCounts Rows,
    string? LastError,
    IReadOnlyList<RaceError> Errors,
    long Version);

public sealed record SiloInfo(
    string Id, string Host, int Pid, DateTimeOffset StartedAt, DateTimeOffset LastHeartbeatAt, string Status,
    DateTimeOffset? StoppedAt, int LeasesHeld);
