namespace XcAspire.Silo.Sources.Sample;

/// <summary>Which of Athletic.net's documented shapes a sample source answers in.</summary>
public sealed class SampleShape
{
    /// <summary>GetAllResultsData as the legacy flat <c>results</c> list instead of <c>flatEvents</c>.</summary>
    public bool LegacyFlatResults { get; init; }

    /// <summary>GetResultsData3's <c>resultsXC</c> as a list of lists.</summary>
    public bool NestedResultsXc { get; init; }

    /// <summary>Races left out of GetAllResultsData, so a client must fall back to GetResultsData3 for them.</summary>
    public IReadOnlySet<string> RacesMissingFromWholeMeet { get; init; } = new HashSet<string>();
}
