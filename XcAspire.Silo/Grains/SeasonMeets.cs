using System.Globalization;
using Npgsql;
using XcAspire.Silo.Grains.Contracts;
using XcAspire.Silo.Import;
using XcAspire.Silo.Sources;

namespace XcAspire.Silo.Grains;

/// <summary>
/// What a SeasonGrain does with the source and with each meet's MeetGrain: list the season, decide what
/// each meet needs, start a meet's job (or join the one it has), and read how that job is doing.
/// </summary>
public sealed class SeasonMeets(SeasonDiscovery discovery, MeetScraper scraper, IGrainFactory grains, NpgsqlDataSource dataSource)
{
    /// <summary>MeetGrains asked at once while classifying, so a long calendar does not open every grain together.</summary>
    private const int AskAtOnce = 16;

    public Task<SchoolSeason> DiscoverAsync(string schoolId, int seasonYear, Guid seasonJobId, CancellationToken ct) =>
        discovery.DiscoverAsync(schoolId, seasonYear, seasonJobId, ct);

    /// <summary>
    /// Each calendar meet's first phase. Without results: still to come or not posted. With results and not
    /// among the meets asked for: not selected. The others: a meet
    /// whose MeetGrain has an active job is joined (even one already partly imported); else one the
    /// database holds with results is skipped unless <paramref name="reimport"/>; the rest wait for a job.
    /// </summary>
    public async Task<IReadOnlyList<SeasonMeet>> ClassifyAsync(
        SchoolSeason season, IReadOnlyCollection<string>? meetIds, bool reimport, DateTimeOffset now, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var asked = meetIds?.ToHashSet(StringComparer.Ordinal);
        var meets = season.Meets.Select(m => new SeasonMeet(m.MeetId, m.Name, m.Date, m.HasResults, m switch
        {
            { HasResults: false, Date: { } date } when date > today => SeasonMeetPhase.Upcoming,
            { HasResults: false } => SeasonMeetPhase.NoResults,
            _ when asked is not null && !asked.Contains(m.MeetId) => SeasonMeetPhase.NotSelected,
            _ => SeasonMeetPhase.Pending,
        })).ToList();
        meets.AddRange((asked ?? []).Where(id => season.Meets.All(m => m.MeetId != id)).Order(StringComparer.Ordinal).Select(id =>
            new SeasonMeet(id, $"Meet {id}", null, false, SeasonMeetPhase.NotOnCalendar,
                Message: $"Not on school {season.SchoolId}'s {season.SeasonYear} calendar")));

        var candidates = meets.Where(m => m.Phase == SeasonMeetPhase.Pending).ToList();
        var imported = await ImportedMeets.WithResultsAsync(dataSource, candidates.Select(m => m.MeetId).ToList(), ct);
        foreach (var batch in candidates.Chunk(AskAtOnce))
        {
            var current = await Task.WhenAll(batch.Select(m => grains.GetMeetGrain(m.MeetId).GetStateAsync()));
            foreach (var (meet, job) in batch.Zip(current))
            {
                var next = job is { } active && active.Status.IsActive()
                    ? Joined(meet, active)
                    : imported.Contains(meet.MeetId) && !reimport
                        ? meet with { Phase = SeasonMeetPhase.AlreadyImported, Message = "The database already holds its results" }
                        : meet;
                meets[meets.IndexOf(meet)] = next;
            }
        }

        return meets;
    }

    /// <summary>
    /// Starts the meet's scrape-and-import job under the meet's chosen job id (a repeat answers the same job).
    /// A meet with another active job is joined; a meet without races is listed as without results; a
    /// failure the source will not get over fails the meet. A transient failure is thrown, to be tried again.
    /// </summary>
    public async Task<SeasonMeet> StartAsync(SeasonMeet meet, DateTimeOffset now, CancellationToken ct)
    {
        var jobId = meet.JobId ?? throw new InvalidOperationException($"Meet {meet.MeetId} has no job id chosen.");
        try
        {
            var metadata = await scraper.FetchMetadataAsync(meet.MeetId, ct);
            var races = metadata.Races.Select(r => new RaceToRun(r.AthleticNetRaceId, r.Title)).ToList();
            var directoryPath = string.Create(CultureInfo.InvariantCulture, $"meet_{meet.MeetId}_{now.ToUnixTimeSeconds()}");
            var started = await grains.GetMeetGrain(meet.MeetId).StartScrapeAsync(
                new StartScrapeRequest(races, AutoImport: true, directoryPath, Choices: null, JobId: jobId));
            return meet with { Phase = SeasonMeetPhase.Running, JobStatus = started.Status, Message = null, DueAt = null };
        }
        catch (ActiveJobConflictException conflict)
        {
            return meet with
            {
                Phase = SeasonMeetPhase.Running, JobId = conflict.ActiveJobId, Attached = true, DueAt = null,
                Message = "Joined the meet's job already running",
            };
        }
        catch (Exception e) when (e is NoRacesFoundException or JobStateException)
        {
            return meet with { Phase = SeasonMeetPhase.NoResults, JobId = null, DueAt = null, Message = e.Message };
        }
        catch (SourceException e) when (!e.IsTransient)
        {
            return meet with { Phase = SeasonMeetPhase.Failed, JobId = null, DueAt = null, Message = e.Message };
        }
    }

    /// <summary>
    /// The meet's job as its MeetGrain has it now. A joined job that only scrapes (started without autoImport)
    /// is asked once to import, since the season asked for the meet's import.
    /// </summary>
    public async Task<SeasonMeet> FollowAsync(SeasonMeet meet)
    {
        var jobId = meet.JobId!.Value;
        var meetGrain = grains.GetMeetGrain(meet.MeetId);
        if (await meetGrain.GetJobAsync(jobId) is not { } job)
        {
            return meet with { Phase = SeasonMeetPhase.Failed, Message = $"The meet's grain no longer keeps job {jobId}" };
        }

        var next = meet with { JobStatus = job.Status, Races = job.Races, Results = job.Results };
        if (meet.Attached && !job.AutoImport && !meet.ImportRequested && job.Status.IsActive())
        {
            try
            {
                await meetGrain.StartImportAsync(jobId);
            }
            catch (JobStateException)
            {
                // It moved on meanwhile (cancelled, or already importing): the next answer says where.
            }

            next = next with { ImportRequested = true };
        }

        return job.Status switch
        {
            _ when job.Status.IsActive() => next,
            JobStatus.ImportingComplete => next with { Phase = SeasonMeetPhase.Imported, Message = job.Message },
            JobStatus.Cancelled => next with { Phase = SeasonMeetPhase.Failed, Message = "Its job was cancelled" },
            _ => next with { Phase = SeasonMeetPhase.Failed, Message = job.LastError ?? job.Message },
        };
    }

    public async Task CancelJobAsync(string meetId, Guid jobId)
    {
        try
        {
            await grains.GetMeetGrain(meetId).CancelAsync(jobId);
        }
        catch (Exception e) when (e is JobStateException or KeyNotFoundException)
        {
            // Never stored (the start had not reached the meet) or already over: nothing to cancel.
        }
    }

    private static SeasonMeet Joined(SeasonMeet meet, MeetGrainState job) => meet with
    {
        Phase = SeasonMeetPhase.Running, JobId = job.JobId, Attached = true, JobStatus = job.Status, Races = job.Races,
        Results = job.Results, Message = "Joined the meet's job already running",
    };
}
