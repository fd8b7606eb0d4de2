using System.ComponentModel;
using System.Text.Json.Serialization;
using XcAspire.Silo.Grains.Contracts;

namespace XcAspire.Api.Endpoints;

/// <summary>
/// A job's status. The seed's fields keep their names verbatim (status, progress_current,
/// progress_total, message); the rest are camelCase. progress counts races.
/// </summary>
public sealed record JobStatusResponse(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("progress_current")] int ProgressCurrent,
    [property: JsonPropertyName("progress_total")] int ProgressTotal,
    [property: JsonPropertyName("message")] string? Message,
    Guid JobId,
    string MeetId,
    string Kind,
    [property: Description(JobStatusResponse.AutoImportMeaning)] bool AutoImport,
    string? DirectoryPath,
    RacePhaseCounts Races,
    ResultOutcomeCounts Results,
    string? LastError,
    JobTimings Timings)
{
    /// <summary>
    /// The job keeps one flag: whether a race imports as soon as it is scraped. start-import turns it
    /// on for the races still scraping, so the answer describes what the job does now, not what
    /// start-scrape was sent; said in the reference because the name alone suggests the latter.
    /// </summary>
    public const string AutoImportMeaning =
        "Whether each race imports as soon as it is scraped: true for a job started with autoImport, for a folder job, " +
        "and for a job started without it once start-import was called (from then on it imports by itself).";

    public static JobStatusResponse From(MeetGrainState state)
    {
        var r = state.Races;
        var scrapingStage = state.Status is JobStatus.Pending or JobStatus.Scraping or JobStatus.ScrapingComplete;
        var current = scrapingStage
            ? r.Scraped + r.Importing + r.Imported + r.Failed + r.Cancelled
            : r.Imported + r.Failed + r.Cancelled;
        return new JobStatusResponse(
            state.Status.Name(),
            current,
            r.Total,
            state.Message,
            state.JobId,
            state.MeetId,
            state.Kind,
            state.AutoImport,
            state.DirectoryPath,
            new RacePhaseCounts(r.Pending, r.Scraping, r.Scraped, r.Importing, r.Imported, r.Failed, r.Cancelled),
            new ResultOutcomeCounts(
                state.Results.Read, state.Results.Inserted, state.Results.AlreadyPresent, state.Results.Updated,
                state.Results.Rejected, state.Results.Flagged),
            state.LastError,
            state.Timings);
    }
}

/// <summary>Races by phase, named as the phases are (product.md §7).</summary>
public sealed record RacePhaseCounts(
    [property: JsonPropertyName("pending")] int Pending,
    [property: JsonPropertyName("scraping")] int Scraping,
    [property: JsonPropertyName("scraped")] int Scraped,
    [property: JsonPropertyName("importing")] int Importing,
    [property: JsonPropertyName("imported")] int Imported,
    [property: JsonPropertyName("failed")] int Failed,
    [property: JsonPropertyName("cancelled")] int Cancelled);

/// <summary>Row outcomes, named as the outcomes are (product.md §7); the four add up to read.</summary>
public sealed record ResultOutcomeCounts(
    [property: JsonPropertyName("read")] int Read,
    [property: JsonPropertyName("inserted")] int Inserted,
    [property: JsonPropertyName("already_present")] int AlreadyPresent,
    [property: JsonPropertyName("updated")] int Updated,
    [property: JsonPropertyName("rejected")] int Rejected,
    [property: JsonPropertyName("flagged")] int Flagged);
