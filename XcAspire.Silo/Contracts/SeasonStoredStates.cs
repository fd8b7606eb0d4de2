namespace XcAspire.Silo.Grains.Contracts;

// A SeasonGrain's stored state (Orleans' grain storage in PostgreSQL). As for the other grains, every type
// and member is pinned by [Alias] and [Id], and new members take new ids.

/// <summary>A SeasonGrain's stored state: the season's jobs, oldest first.</summary>
[GenerateSerializer, Alias("xc.SeasonGrainRecord")]
public sealed class SeasonGrainRecord
{
    [Id(0)]
    public List<SeasonJobRecord> Jobs { get; set; } = [];
}

/// <summary>One import of a school's season.</summary>
[GenerateSerializer, Alias("xc.SeasonJobRecord")]
public sealed class SeasonJobRecord
{
    [Id(0)]
    public Guid SeasonJobId { get; set; }

    [Id(1)]
    public SeasonStatus Status { get; set; }

    /// <summary>The meets asked for, or null for every meet of the calendar with results.</summary>
    [Id(2)]
    public List<string>? MeetIds { get; set; }

    [Id(3)]
    public bool Reimport { get; set; }

    [Id(4)]
    public string? TeamName { get; set; }

    [Id(5)]
    public string? Message { get; set; }

    [Id(6)]
    public string? LastError { get; set; }

    /// <summary>The calendar's meets in its order, each with where it is.</summary>
    [Id(7)]
    public List<SeasonMeet> Meets { get; set; } = [];

    [Id(8)]
    public List<string> Warnings { get; set; } = [];

    /// <summary>Failed attempts to list the season (transient source failures), and when the next may run.</summary>
    [Id(9)]
    public int DiscoveryAttempt { get; set; }

    [Id(10)]
    public DateTimeOffset? DiscoveryDueAt { get; set; }

    [Id(11)]
    public bool CancelRequested { get; set; }

    [Id(12)]
    public DateTimeOffset CreatedAt { get; set; }

    [Id(13)]
    public DateTimeOffset? DiscoveredAt { get; set; }

    [Id(14)]
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Grows with every change: the status stream sends an event when it moves, the read model keeps the newest.</summary>
    [Id(15)]
    public long Version { get; set; }
}
