namespace XcAspire.Silo.Sample;

/// <summary>
/// How to generate a synthetic meet. Everything follows from <see cref="Seed"/> (the meet) and
/// <see cref="PoolSeed"/> (the schools and athletes): two meets generated with the same pool share
/// athletes, as real meets of one season do.
/// </summary>
public sealed record MeetGeneratorOptions
{
    public int Seed { get; init; } = 1;

    public string MeetId { get; init; } = "900001";

    public string MeetName { get; init; } = "Synthetic Invitational";

    public DateOnly Date { get; init; } = new(2025, 10, 4);

    public int RaceCount { get; init; } = 12;

    public int TotalResults { get; init; } = 1200;

    /// <summary>Finishers recorded in whole seconds only, as many real meets are: ties everywhere.</summary>
    public bool WholeSeconds { get; init; }

    public int PoolSeed { get; init; } = 7;

    public int SchoolCount { get; init; } = 60;

    /// <summary>Athletes per school and gender in the pool; 0 = enough for <see cref="TotalResults"/>.</summary>
    public int AthletesPerSchool { get; init; }

    /// <summary>Share of rows that are DNF/DNS (kept as non-finishers).</summary>
    public double NonFinisherRate { get; init; } = 0.01;

    /// <summary>Share of rows whose grade is missing.</summary>
    public double MissingGradeRate { get; init; } = 0.01;

    /// <summary>Share of rows that spell the athlete's name differently (case, middle initial) than the pool does.</summary>
    public double NameVariantRate { get; init; } = 0.01;

    /// <summary>Athletes listed twice in one race with two different times (domain.md §5.4 #5).</summary>
    public int TwiceInRaceCount { get; init; } = 1;

    /// <summary>Names whose accented letters are lost (U+FFFD), as in the Mt. SAC files.</summary>
    public int DamagedNameCount { get; init; }

    /// <summary>The season's year (fall); default the meet date's year.</summary>
    public int? SeasonYear { get; init; }
}
