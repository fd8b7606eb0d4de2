using XcAspire.Silo.Grains.Contracts;

namespace XcAspire.Silo.Grains;

/// <summary>
/// A job's status, counts, message and timings follow from its races (product.md §7): the MeetGrain
/// applies these rules after every change, so they never drift from the races they describe.
/// </summary>
public static class JobRules
{
    public static RaceCountsByPhase CountRaces(JobGrainRecord job) => job.ArchivedRaces ?? new RaceCountsByPhase(
        job.Races.Count,
        job.Races.Count(r => r.Phase == RacePhase.Pending),
        job.Races.Count(r => r.Phase == RacePhase.Scraping),
        job.Races.Count(r => r.Phase == RacePhase.Scraped),
        job.Races.Count(r => r.Phase == RacePhase.Importing),
        job.Races.Count(r => r.Phase == RacePhase.Imported),
        job.Races.Count(r => r.Phase == RacePhase.Failed),
        job.Races.Count(r => r.Phase == RacePhase.Cancelled));

    /// <summary>The races' outcomes, plus the rows that named no race of the meet (read and rejected).</summary>
    public static RowOutcomeCounts CountRows(JobGrainRecord job) => job.ArchivedResults ??
        job.Races.Aggregate(RowOutcomeCounts.None, (sum, r) => sum.Plus(r.Rows))
            .Plus(new RowOutcomeCounts(job.UnassignedRejected, 0, 0, 0, job.UnassignedRejected, 0));

    /// <summary>Races waiting to import or importing: scraped ones with the import due count as importing.</summary>
    public static bool ImportDue(RaceSummary race) => race.Phase == RacePhase.Scraped && race.NextStep == RaceStep.Import;

    /// <summary>The race will not move again without an operator (final, or scraped and waiting for start-import).</summary>
    public static bool Settled(RaceSummary race) => race.Phase.IsFinal() || (race.Phase == RacePhase.Scraped && race.NextStep is null);

    /// <summary>Applies the rules after a change: status, the meet step becoming due, message, timings.</summary>
    public static void Apply(JobGrainRecord job, DateTimeOffset now)
    {
        var races = CountRaces(job);
        var importDue = job.Races.Count(ImportDue);
        if (job.Status is not (JobStatus.Cancelled or JobStatus.Error))
        {
            if (job.MeetStep == MeetStepPhase.None && races.Imported > 0 && races.Pending + races.Scraping + races.Scraped + races.Importing == 0)
            {
                job.MeetStep = MeetStepPhase.Due;
                job.MeetStepDueAt = now;
                job.MeetStepAttempt = 0;
            }

            job.Status = DeriveStatus(races, importDue, job.MeetStep);
            job.Message = Message(job.Status, races, job.MeetStep, CountRows(job));
        }

        var scrapeJob = job.Kind == "scrape";
        job.ScrapingStartedAt = scrapeJob && races.Pending < races.Total ? job.ScrapingStartedAt ?? now : null;
        job.ScrapingFinishedAt = scrapeJob && races.Pending + races.Scraping == 0 ? job.ScrapingFinishedAt ?? now : null;
        job.ImportingStartedAt = races.Importing + races.Imported > 0 ? job.ImportingStartedAt ?? now : null;
        job.ImportingFinishedAt = job.Status is JobStatus.ImportingComplete or JobStatus.CompletedWithErrors ? job.ImportingFinishedAt ?? now : null;
        job.FinishedAt = job.Status.IsActive() ? null : job.FinishedAt ?? now;
        job.Version++;
    }

    public static MeetGrainState ToView(string meetId, JobGrainRecord job, string silo) => new(
        meetId,
        job.JobId,
        job.Kind,
        job.Status,
        job.AutoImport,
        job.DirectoryPath,
        job.Message,
        job.LastError,
        CountRaces(job),
        CountRows(job),
        job.MeetStep.Name(),
        job.MeetStepRuns,
        new JobTimings(job.CreatedAt, job.ScrapingStartedAt, job.ScrapingFinishedAt, job.ImportingStartedAt, job.ImportingFinishedAt, job.FinishedAt),
        job.Version,
        silo);

    private static JobStatus DeriveStatus(RaceCountsByPhase races, int importDue, MeetStepPhase meetStep) => races switch
    {
        { Total: > 0 } when races.Pending == races.Total => JobStatus.Pending,
        _ when races.Pending + races.Scraping > 0 => JobStatus.Scraping,
        _ when races.Importing + importDue > 0 => JobStatus.Importing,
        _ when races.Scraped > 0 => JobStatus.ScrapingComplete,
        _ when races.Imported > 0 && meetStep != MeetStepPhase.Done => JobStatus.Importing,
        _ when races.Failed == 0 && races.Cancelled == 0 => JobStatus.ImportingComplete,
        _ => JobStatus.CompletedWithErrors,
    };

    private static string Message(JobStatus status, RaceCountsByPhase races, MeetStepPhase meetStep, RowOutcomeCounts rows) => status switch
    {
        JobStatus.Pending => "Waiting for a silo",
        JobStatus.Scraping => $"Scraping: {races.Scraped + races.Importing + races.Imported} of {races.Total} races scraped",
        JobStatus.ScrapingComplete => $"Scraped {races.Scraped} of {races.Total} races; ready to import",
        JobStatus.Importing when meetStep is MeetStepPhase.Due or MeetStepPhase.Running => "Reconciling and rebuilding derived data",
        JobStatus.Importing => $"Importing: {races.Imported} of {races.Total} races imported",
        JobStatus.ImportingComplete => $"Imported {races.Imported} races, {rows.Read} rows",
        _ => $"Imported {races.Imported} of {races.Total} races; {races.Failed} failed, {races.Cancelled} cancelled",
    };
}
