using XcAspire.Silo.MeetData;

namespace XcAspire.Silo.Grains.Contracts;

/// <summary>
/// The grain of one meet (key: the Athletic.net meet id). It owns the meet's jobs: it creates the
/// RaceGrains of a job, counts their completion and runs the meet-level step once when the last ends.
/// Calls are answered from the durable state in PostgreSQL, so any process (API or silo) can make them;
/// the work itself runs on whichever silo holds a race's lease.
/// </summary>
public interface IMeetGrain
{
    string MeetId { get; }

    /// <summary>Starts a scrape job. Throws <see cref="ActiveJobConflictException"/> when one is active.</summary>
    Task<JobStarted> StartScrapeAsync(StartScrapeRequest request, CancellationToken ct = default);

    /// <summary>
    /// Starts a job that imports rows already read (a CSV folder, saved pages): it begins at
    /// <c>scraped</c> with every race due for import.
    /// </summary>
    Task<JobStarted> StartImportOfSnapshotAsync(MeetSnapshot snapshot, string? directoryPath, CancellationToken ct = default);

    /// <summary>Imports what a scrape job scraped (and whatever it still scrapes, as it lands).</summary>
    Task<JobStarted> StartImportAsync(Guid jobId, CancellationToken ct = default);

    /// <summary>Cancels the job; races running now stop at their next step boundary.</summary>
    Task<JobStarted> CancelAsync(Guid jobId, CancellationToken ct = default);

    /// <summary>Puts the job's failed races back to their last good phase; returns how many.</summary>
    Task<int> RetryFailedAsync(Guid jobId, CancellationToken ct = default);

    /// <summary>The current job's state, or null when the meet never had a job.</summary>
    Task<MeetGrainState?> GetStateAsync(CancellationToken ct = default);

    /// <summary>Every race of the current job.</summary>
    Task<IReadOnlyList<RaceGrainState>> GetRacesAsync(CancellationToken ct = default);
}

/// <summary>The grain of one race (key: meet id + race id).</summary>
public interface IRaceGrain
{
    string MeetId { get; }

    string RaceId { get; }

    Task<RaceGrainState?> GetStateAsync(CancellationToken ct = default);
}

/// <summary>Hands out grain references, as Orleans' IGrainFactory does.</summary>
public interface IGrainFactory
{
    IMeetGrain GetMeetGrain(string meetId);

    IRaceGrain GetRaceGrain(string meetId, string raceId);
}
