namespace XcAspire.Silo.Grains.Runtime;

/// <summary>How a silo claims, leases and retries work. Section <c>Silo</c> in configuration.</summary>
public sealed class SiloOptions
{
    /// <summary>This silo's id in the membership table; default host-pid-random.</summary>
    public string? SiloId { get; set; }

    /// <summary>How long a claim holds a race before another silo may take it over.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often leases and the membership row are renewed; well under the lease.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A silo silent for this long is marked dead and its leases expire at once.</summary>
    public TimeSpan DeadAfter { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>The slow poll that backs up LISTEN/NOTIFY (and picks up scheduled retries).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Races this silo runs at once (scrapes and imports).</summary>
    public int MaxConcurrentRaces { get; set; } = 4;

    /// <summary>
    /// Of those, race imports at once. An import keeps a database core busy from start to commit, and
    /// races importing together wait on each other's new schools and athletes until they commit. On the
    /// 2-core machines measured, the 20,000-result meet on two silos took 21.5 s with four imports per
    /// silo, 12.6 s with one, 9.8 s with two: one per core keeps the database busy between a race's
    /// commit and the next race's first statement without the waits growing into chains. Scrapes mostly
    /// wait on the source's politeness spacing, so they keep the larger limit. Default: the cores.
    /// </summary>
    public int MaxConcurrentImports { get; set; } = Environment.ProcessorCount;

    /// <summary>Attempts per step before a race is <c>failed</c>.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The cap on the attempt⁴-second backoff.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Backoff jitter, as a fraction of the delay (River's ±10%).</summary>
    public double BackoffJitter { get; set; } = 0.1;

    /// <summary>The seed's timeouts: 15 minutes per scrape, 2 minutes per race import.</summary>
    public TimeSpan ScrapeTimeout { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan ImportTimeout { get; set; } = TimeSpan.FromMinutes(2);

    public TimeSpan MeetStepTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Finished jobs' staged rows and source responses are pruned after this many days.</summary>
    public int RetentionDays { get; set; } = 14;

    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Added to the database's now() in every lease and schedule decision this silo makes. Zero in
    /// production; tests move one silo's time with it.
    /// </summary>
    public TimeSpan ClockOffset { get; set; } = TimeSpan.Zero;
}
