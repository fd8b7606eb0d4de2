namespace XcAspire.Silo.Grains.Contracts;

/// <summary>A race's phase (product.md §7). Scraping and importing are separate phases.</summary>
[GenerateSerializer, Alias("xc.RacePhase")]
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

/// <summary>The step a race runs next: fetch its rows from the source, or import the rows it has.</summary>
[GenerateSerializer, Alias("xc.RaceStep")]
public enum RaceStep
{
    Scrape,
    Import,
}

/// <summary>A job's status: the seed's names, derived from its races, plus what real operation needs.</summary>
[GenerateSerializer, Alias("xc.JobStatus")]
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

/// <summary>The meet-level step of a job (reconciliation, derived rebuild): due once the last race ends, run once.</summary>
[GenerateSerializer, Alias("xc.MeetStepPhase")]
public enum MeetStepPhase
{
    None,
    Due,
    Running,
    Done,
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

    public static string Name(this RaceStep step) => step == RaceStep.Scrape ? "scrape" : "import";

    public static string Name(this MeetStepPhase phase) => phase switch
    {
        MeetStepPhase.None => "none",
        MeetStepPhase.Due => "due",
        MeetStepPhase.Running => "running",
        MeetStepPhase.Done => "done",
        _ => throw new ArgumentOutOfRangeException(nameof(phase)),
    };

    public static RacePhase ParseRacePhase(string name) =>
        Enum.GetValues<RacePhase>().First(p => p.Name() == name);

    public static JobStatus ParseJobStatus(string name) =>
        Enum.GetValues<JobStatus>().First(s => s.Name() == name);

    public static MeetStepPhase ParseMeetStep(string name) =>
        Enum.GetValues<MeetStepPhase>().First(p => p.Name() == name);

    public static bool IsActive(this JobStatus status) =>
        status is JobStatus.Pending or JobStatus.Scraping or JobStatus.ScrapingComplete or JobStatus.Importing;

    /// <summary>A race that will not change again unless an operator retries it.</summary>
    public static bool IsFinal(this RacePhase phase) =>
        phase is RacePhase.Imported or RacePhase.Failed or RacePhase.Cancelled;

    /// <summary>The phase a race is in while it runs <paramref name="step"/>.</summary>
    public static RacePhase RunningPhase(this RaceStep step) => step == RaceStep.Scrape ? RacePhase.Scraping : RacePhase.Importing;

    /// <summary>The phase a race waits in before <paramref name="step"/> (and goes back to if the step is interrupted).</summary>
    public static RacePhase WaitingPhase(this RaceStep step) => step == RaceStep.Scrape ? RacePhase.Pending : RacePhase.Scraped;
}
