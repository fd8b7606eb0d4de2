using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http.HttpResults;
using XcAspire.Api.Data;
using XcAspire.Silo.Grains.Contracts;

namespace XcAspire.Api.Endpoints;

/// <summary>Job status (polled and streamed), the job list, cancel and retry-failed.</summary>
public static class JobEndpoints
{
    public static RouteGroupBuilder MapJobEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/import-meet/status/{jobId}", GetStatusAsync)
            .WithSummary("A job's status: the seed's status, progress_current/progress_total (races), message, and counts by phase and outcome.");
        admin.MapGet("/import-meet/status/{jobId}/stream", StreamStatus)
            .WithSummary("The same status as server-sent events, one event per change, until the job ends.");
        admin.MapGet("/jobs", ListAsync).WithSummary("Jobs, newest first; filter with ?status=.");
        admin.MapGet("/jobs/{jobId}", GetJobAsync).WithSummary("A job's status with every race (the MeetGrain and its RaceGrains).");
        admin.MapPost("/jobs/{jobId}/cancel", CancelAsync).WithSummary("Cancels an active job; running races stop at their next step boundary.");
        admin.MapPost("/jobs/{jobId}/retry-failed", RetryFailedAsync).WithSummary("Puts the job's failed races back to their last good phase.");
        return admin;
    }

    private static async Task<Ok<JobStatusResponse>> GetStatusAsync(string jobId, Jobs jobs, CancellationToken ct) =>
        TypedResults.Ok(JobStatusResponse.From(await jobs.RequireAsync(Ids.JobId(jobId), ct)));

    private static ServerSentEventsResult<JobStatusResponse> StreamStatus(string jobId, Jobs jobs, CancellationToken ct) =>
        TypedResults.ServerSentEvents(StatusEventsAsync(Ids.JobId(jobId), jobs, ct), eventType: "status");

    private static async IAsyncEnumerable<JobStatusResponse> StatusEventsAsync(Guid jobId, Jobs jobs, [EnumeratorCancellation] CancellationToken ct)
    {
        long version = -1;
        while (!ct.IsCancellationRequested)
        {
            var state = await jobs.RequireAsync(jobId, ct);
            if (state.Version != version)
            {
                version = state.Version;
                yield return JobStatusResponse.From(state);
            }

            if (!state.Status.IsActive())
            {
                yield break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        }
    }

    private static async Task<Ok<IReadOnlyList<JobStatusResponse>>> ListAsync(string? status, int? limit, JobReadModel readModel, CancellationToken ct)
    {
        JobStatus? filter = null;
        if (!string.IsNullOrEmpty(status))
        {
            filter = Enum.GetValues<JobStatus>().FirstOrDefault(s => s.Name() == status, (JobStatus)(-1));
            if (filter == (JobStatus)(-1))
            {
                throw new Problems.RequestValidationException(
                    $"Unknown status '{status}'; one of: {string.Join(", ", Enum.GetValues<JobStatus>().Select(s => s.Name()))}.");
            }
        }

        var list = await readModel.ListJobsAsync(filter, Math.Clamp(limit ?? 100, 1, 1000), ct);
        return TypedResults.Ok<IReadOnlyList<JobStatusResponse>>(list.Select(JobStatusResponse.From).ToList());
    }

    private static async Task<Ok<JobWithRaces>> GetJobAsync(string jobId, Jobs jobs, CancellationToken ct)
    {
        var job = await jobs.RequireAsync(Ids.JobId(jobId), ct);
        return TypedResults.Ok(new JobWithRaces(JobStatusResponse.From(job), await jobs.MeetOf(job).GetRacesAsync(job.JobId)));
    }

    private static async Task<Ok<JobStatusResponse>> CancelAsync(string jobId, Jobs jobs, CancellationToken ct)
    {
        var job = await jobs.RequireAsync(Ids.JobId(jobId), ct);
        await jobs.MeetOf(job).CancelAsync(job.JobId);
        return TypedResults.Ok(JobStatusResponse.From(await jobs.RequireAsync(job.JobId, ct)));
    }

    private static async Task<Ok<RetryFailedResponse>> RetryFailedAsync(string jobId, Jobs jobs, CancellationToken ct)
    {
        var job = await jobs.RequireAsync(Ids.JobId(jobId), ct);
        var retried = await jobs.MeetOf(job).RetryFailedAsync(job.JobId);
        return TypedResults.Ok(new RetryFailedResponse(retried, JobStatusResponse.From(await jobs.RequireAsync(job.JobId, ct))));
    }
}

public sealed record JobWithRaces(JobStatusResponse Job, IReadOnlyList<RaceGrainState> Races);

public sealed record RetryFailedResponse(int RacesRetried, JobStatusResponse Job);
