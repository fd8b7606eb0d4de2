namespace XcAspire.Silo.Grains;

/// <summary>How a silo runs races: concurrency, retries, timeouts, resume. Section <c>Silo</c> in configuration.</summary>
public sealed class SiloWorkOptions
{
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

    /// <summary>
    /// The period of the reminder a grain with unfinished work holds. After a silo dies, Orleans declares it
    /// dead within a second or two (see the membership settings); the grains it held wake on a live silo at
    /// their reminder's next tick, so this period bounds how long their work waits. A MeetGrain that is
    /// still alive also pokes its unfinished races every <see cref="WatchdogPeriod"/>.
    /// </summary>
    public TimeSpan ResumePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a MeetGrain with an active job checks that each unfinished race's grain is alive.</summary>
    public TimeSpan WatchdogPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Finished jobs' staged rows and source responses are pruned after this many days.</summary>
    public int RetentionDays { get; set; } = 14;

    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Meet jobs a season job runs at once. Its meets share the silos' race slots and the source's politeness
    /// spacing either way; a few at a time finish meets one after another (each usable as soon as it ends)
    /// instead of all of them together at the end, and bound the grains a long season wakes.
    /// </summary>
    public int SeasonMeetsAtOnce { get; set; } = 3;

    /// <summary>Jobs a MeetGrain keeps with every race's summary; older ones keep only their counts.</summary>
    public int JobsWithRaces { get; set; } = 10;
}
