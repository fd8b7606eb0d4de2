namespace XcAspire.Silo.Grains.Contracts;

/// <summary>A race a job will run, as the meet's metadata names it.</summary>
public sealed record RaceToRun(string RaceId, string Title);

/// <summary>
/// Starts a job that scrapes each race from the source, then imports it when
/// <paramref name="AutoImport"/> is set (otherwise it waits for start-import).
/// <paramref name="Choices"/> are the operator's venue and course choices, applied before import.
/// </summary>
public sealed record StartScrapeRequest(
    IReadOnlyList<RaceToRun> Races, bool AutoImport, string? DirectoryPath, MeetData.MeetChoices? Choices = null);

/// <summary>What a started (or refused) job answers.</summary>
public sealed record JobStarted(Guid JobId, JobStatus Status);

/// <summary>The meet already has an active job: a second one is never started (the API answers 409).</summary>
public sealed class ActiveJobConflictException(string meetId, Guid activeJobId)
    : Exception($"Meet {meetId} already has an active import job ({activeJobId}); wait for it, or cancel it first.")
{
    public string MeetId { get; } = meetId;

    public Guid ActiveJobId { get; } = activeJobId;
}

/// <summary>A job request that does not fit the job's current state (e.g. importing a job that is still scraping).</summary>
public sealed class JobStateException(string message) : Exception(message);
