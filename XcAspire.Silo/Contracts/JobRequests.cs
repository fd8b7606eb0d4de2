namespace XcAspire.Silo.Grains.Contracts;

/// <summary>A race a job will run, as the meet's metadata (or a folder) names it; <see cref="RowsRead"/> for staged rows.</summary>
[GenerateSerializer, Alias("xc.RaceToRun")]
public sealed record RaceToRun([property: Id(0)] string RaceId, [property: Id(1)] string Title, [property: Id(2)] int RowsRead = 0);

/// <summary>
/// Starts a job that scrapes each race from the source, then imports it when
/// <paramref name="AutoImport"/> is set (otherwise it waits for start-import).
/// <paramref name="Choices"/> are the operator's venue and course choices, applied before import.
/// <paramref name="JobId"/>, when given, makes the start idempotent: a second start with the id of a job
/// the meet already has answers that job (a caller that crashed after starting it learns it started).
/// </summary>
[GenerateSerializer, Alias("xc.StartScrapeRequest")]
public sealed record StartScrapeRequest(
    [property: Id(0)] IReadOnlyList<RaceToRun> Races,
    [property: Id(1)] bool AutoImport,
    [property: Id(2)] string? DirectoryPath,
    [property: Id(3)] MeetChoices? Choices = null,
    [property: Id(4)] Guid? JobId = null);

/// <summary>
/// Starts a job over rows already read and staged under <paramref name="JobId"/> (a CSV folder, saved
/// pages): every race begins at <c>scraped</c>, due for import. Rows that named no race of the meet were
/// rejected while reading; they count on the job as <paramref name="UnassignedRejected"/>.
/// </summary>
[GenerateSerializer, Alias("xc.StagedImportRequest")]
public sealed record StagedImportRequest(
    [property: Id(0)] Guid JobId,
    [property: Id(1)] IReadOnlyList<RaceToRun> Races,
    [property: Id(2)] string? DirectoryPath,
    [property: Id(3)] int UnassignedRejected);

/// <summary>What a started (or refused) job answers.</summary>
[GenerateSerializer, Alias("xc.JobStarted")]
public sealed record JobStarted([property: Id(0)] Guid JobId, [property: Id(1)] JobStatus Status);

/// <summary>
/// What a MeetGrain hands a RaceGrain: the job (and when it started, which orders the races waiting for a
/// silo's slots), the race's title and the step it starts with.
/// </summary>
[GenerateSerializer, Alias("xc.RaceAssignment")]
public sealed record RaceAssignment(
    [property: Id(0)] Guid JobId,
    [property: Id(1)] string Title,
    [property: Id(2)] RaceStep FirstStep,
    [property: Id(3)] bool AutoImport,
    [property: Id(4)] int RowsRead,
    [property: Id(5)] DateTimeOffset JobStartedAt);

/// <summary>The meet already has an active job: a second one is never started (the API answers 409).</summary>
[GenerateSerializer, Alias("xc.ActiveJobConflictException")]
public sealed class ActiveJobConflictException : Exception
{
    public ActiveJobConflictException(string meetId, Guid activeJobId)
        : base($"Meet {meetId} already has an active import job ({activeJobId}); wait for it, or cancel it first.")
    {
        MeetId = meetId;
        ActiveJobId = activeJobId;
    }

    [Id(0)]
    public string MeetId { get; private set; }

    [Id(1)]
    public Guid ActiveJobId { get; private set; }
}

/// <summary>A job request that does not fit the job's current state (e.g. importing a job that is still scraping).</summary>
[GenerateSerializer, Alias("xc.JobStateException")]
public sealed class JobStateException(string message) : Exception(message);
