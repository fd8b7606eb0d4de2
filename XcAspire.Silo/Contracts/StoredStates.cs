namespace XcAspire.Silo.Grains.Contracts;

// What the grains keep in Orleans' grain storage (PostgreSQL, serialized by Orleans). Every type and
// member is pinned by [Alias] and [Id]: renaming a class or a property never orphans stored state,
// and new members take new ids.

/// <summary>A MeetGrain's stored state: its jobs, oldest first (the newest few keep every race's summary).</summary>
[GenerateSerializer, Alias("xc.MeetGrainRecord")]
public sealed class MeetGrainRecord
{
    [Id(0)]
    public List<JobGrainRecord> Jobs { get; set; } = [];

    /// <summary>Jobs this meet had before grains lived in Orleans were carried in from the job tables once.</summary>
    [Id(1)]
    public bool EarlierJobsCarried { get; set; }
}

/// <summary>One import job of a meet.</summary>
[GenerateSerializer, Alias("xc.JobGrainRecord")]
public sealed class JobGrainRecord
{
    [Id(0)]
    public Guid JobId { get; set; }

    /// <summary><c>scrape</c> (from the source) or <c>folder</c> (rows read from a folder or saved pages).</summary>
    [Id(1)]
    public string Kind { get; set; } = "scrape";

    [Id(2)]
    public JobStatus Status { get; set; }

    [Id(3)]
    public bool AutoImport { get; set; }

    [Id(4)]
    public string? DirectoryPath { get; set; }

    [Id(5)]
    public string? Message { get; set; }

    [Id(6)]
    public string? LastError { get; set; }

    [Id(7)]
    public MeetChoices? Choices { get; set; }

    [Id(8)]
    public int UnassignedRejected { get; set; }

    [Id(9)]
    public List<RaceSummary> Races { get; set; } = [];

    /// <summary>Races whose RaceGrain has been handed the job (the rest are handed it by the next dispatch).</summary>
    [Id(10)]
    public HashSet<string> Dispatched { get; set; } = [];

    [Id(11)]
    public MeetStepPhase MeetStep { get; set; }

    [Id(12)]
    public int MeetStepRuns { get; set; }

    [Id(13)]
    public int MeetStepAttempt { get; set; }

    [Id(14)]
    public DateTimeOffset? MeetStepDueAt { get; set; }

    [Id(15)]
    public bool CancelRequested { get; set; }

    [Id(16)]
    public DateTimeOffset CreatedAt { get; set; }

    [Id(17)]
    public DateTimeOffset? ScrapingStartedAt { get; set; }

    [Id(18)]
    public DateTimeOffset? ScrapingFinishedAt { get; set; }

    [Id(19)]
    public DateTimeOffset? ImportingStartedAt { get; set; }

    [Id(20)]
    public DateTimeOffset? ImportingFinishedAt { get; set; }

    [Id(21)]
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Grows with every change: the status stream sends an event when it moves.</summary>
    [Id(22)]
    public long Version { get; set; }

    /// <summary>The total races when the race list was dropped from an old job to keep the state small.</summary>
    [Id(23)]
    public RaceCountsByPhase? ArchivedRaces { get; set; }

    [Id(24)]
    public RowOutcomeCounts? ArchivedResults { get; set; }
}

/// <summary>A RaceGrain's stored state: the job it belongs to now, where it is, and its history of failures.</summary>
[GenerateSerializer, Alias("xc.RaceGrainRecord")]
public sealed class RaceGrainRecord
{
    [Id(0)]
    public Guid JobId { get; set; }

    [Id(1)]
    public string Title { get; set; } = string.Empty;

    [Id(2)]
    public RacePhase Phase { get; set; }

    /// <summary>The step due next, or null when the race waits for nothing (final, or scraped without import).</summary>
    [Id(3)]
    public RaceStep? NextStep { get; set; }

    /// <summary>When the next step may start (a retry's backoff); null = now.</summary>
    [Id(4)]
    public DateTimeOffset? DueAt { get; set; }

    /// <summary>Attempts of the current step (reset when a step succeeds).</summary>
    [Id(5)]
    public int Attempt { get; set; }

    [Id(6)]
    public string? Silo { get; set; }

    [Id(7)]
    public RaceTimings Timings { get; set; } = RaceTimings.None;

    [Id(8)]
    public RowOutcomeCounts Rows { get; set; } = RowOutcomeCounts.None;

    [Id(9)]
    public string? LastError { get; set; }

    [Id(10)]
    public List<RaceError> Errors { get; set; } = [];

    /// <summary>Import as soon as the scrape is done (the job's autoImport, or start-import since).</summary>
    [Id(11)]
    public bool AutoImport { get; set; }

    [Id(12)]
    public bool CancelRequested { get; set; }

    [Id(13)]
    public long Sequence { get; set; }

    /// <summary>When the race's job started: a silo's slots go to the earliest job's races first (none stored before: first).</summary>
    [Id(14)]
    public DateTimeOffset JobStartedAt { get; set; }
}
