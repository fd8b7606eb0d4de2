namespace XcAspire.Silo.Grains.Contracts;

/// <summary>A race's phase (product.md §7). Scraping and importing are separate phases.</summary>
public enum RacePhase
{
    Pending,
    Scraping,
    Scraped,
    Importing,
    Imported,
    Failed,
    Cancelled,
}

/// <summary>A job's status: the seed's names, derived from its races, plus what real operation needs.</summary>
public enum JobStatus
{
    Pending,
    Scraping,
    ScrapingComplete,
    Importing,
    ImportingComplete,
    CompletedWithErrors,
    Error,
    Cancelled,
}

/// <summary>The snake_case names the database and the API use for phases and statuses.</summary>
public static class StateNames
{
    public static string Name(this RacePhase phase) => phase switch
    {
        RacePhase.Pending => "pending",
        RacePhase.Scraping => "scraping",
        RacePhase.Scraped => "scraped",
        RacePhase.Importing => "importing",
        RacePhase.Imported => "imported",
        RacePhase.Failed => "failed",
        RacePhase.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(phase)),
    };

    public static string Name(this JobStatus status) => status switch
    {
        JobStatus.Pending => "pending",
        JobStatus.Scraping => "scraping",
        JobStatus.ScrapingComplete => "scraping_complete",
        JobStatus.Importing => "importing",
        JobStatus.ImportingComplete => "importing_complete",
        JobStatus.CompletedWithErrors => "completed_with_errors",
        JobStatus.Error => "error",
        JobStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static RacePhase ParseRacePhase(string name) =>
        Enum.GetValues<RacePhase>().First(p => p.Name() == name);

    public static JobStatus ParseJobStatus(string name) =>
        Enum.GetValues<JobStatus>().First(s => s.Name() == name);

    public static bool IsActive(this JobStatus status) =>
        status is JobStatus.Pending or JobStatus.Scraping or JobStatus.ScrapingComplete or JobStatus.Importing;
}
