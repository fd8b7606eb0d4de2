using System.Net;
using System.Text.Json;
using XcAspire.Silo.MeetData;
using XcAspire.Testing;

namespace XcAspire.Reliability.Tests;

/// <summary>
/// Drives meets through the API as an operator would: fetch-metadata, start-scrape with
/// autoImport=true, then poll every job to importing_complete, sending retry-failed for a job
/// that ends completed_with_errors (its failures were permanent for the silo, not for the operator).
/// A 5xx answer while PostgreSQL restarts is counted and asked again at the next poll, as the admin
/// UI's poll does.
/// </summary>
public sealed class MeetFlow(AdminApi api)
{
    private readonly Dictionary<string, string> _jobs = [];

    public IReadOnlyDictionary<string, string> JobsByMeet => _jobs;

    public int RetryFailedCalls { get; private set; }

    /// <summary>Calls the API answered with a 5xx (and that were repeated).</summary>
    public int UnavailableAnswers { get; private set; }

    public async Task StartAsync(MeetSnapshot meet)
    {
        var meetId = meet.Meet.AthleticNetMeetId;
        // The API's own source client retries transient faults; a request that still failed is the
        // operator's to repeat, as the wizard's "try again" does.
        var metadata = await UntilOkAsync(() => api.PostAsync("import-meet/fetch-metadata", new { meetId }), $"fetch-metadata {meetId}");
        var started = await UntilOkAsync(
            () => api.PostAsync("import-meet/start-scrape", new { meetId, metadata = AdminApi.NewVenueAndCourses(metadata), autoImport = true }),
            $"start-scrape {meetId}",
            activeJobIsStarted: true);
        _jobs[meetId] = started.GetProperty("jobId").GetString()!;
    }

    /// <summary>True when every job is importing_complete; retries failed races of a job that gave up.</summary>
    public async Task<bool> AllCompleteAsync()
    {
        var complete = 0;
        foreach (var (meetId, jobId) in _jobs)
        {
            var (code, status) = await api.GetAsync($"import-meet/status/{jobId}");
            if ((int)code >= 500)
            {
                UnavailableAnswers++;
                continue;
            }

            Assert.True(code == HttpStatusCode.OK, $"status of {meetId}: {(int)code} {status}");
            switch (status.GetProperty("status").GetString())
            {
                case "importing_complete":
                    complete++;
                    break;
                case "completed_with_errors":
                    var (retry, body) = await api.PostAsync($"jobs/{jobId}/retry-failed", new { });
                    if ((int)retry >= 500)
                    {
                        UnavailableAnswers++;
                        break;
                    }

                    Assert.True(retry == HttpStatusCode.OK, $"retry-failed {meetId}: {(int)retry} {body}");
                    RetryFailedCalls++;
                    break;
                case "error" or "cancelled":
                    Assert.Fail($"job of meet {meetId} ended {status}");
                    break;
            }
        }

        return complete == _jobs.Count;
    }

    public Task WaitAllCompleteAsync(TimeSpan timeout) =>
        Eventually.WaitAsync(AllCompleteAsync, timeout, "every job to reach importing_complete");

    /// <summary>
    /// Repeats a call while the API answers 5xx (a source fault its own retries did not outlast, or
    /// PostgreSQL restarting), as the operator would. A 409 naming a job counts as success where
    /// <paramref name="activeJobIsStarted"/>: the job of a try whose answer was lost is the one started.
    /// </summary>
    private async Task<JsonElement> UntilOkAsync(Func<Task<(HttpStatusCode Status, JsonElement Body)>> call, string what, bool activeJobIsStarted = false)
    {
        (HttpStatusCode Status, JsonElement Body) last = default;
        try
        {
            await Eventually.WaitAsync(
                async () =>
                {
                    last = await call();
                    if (last.Status == HttpStatusCode.OK
                        || (activeJobIsStarted && last.Status == HttpStatusCode.Conflict && last.Body.TryGetProperty("jobId", out _)))
                    {
                        return true;
                    }

                    Assert.True((int)last.Status >= 500, $"{what}: {(int)last.Status} {last.Body}");
                    UnavailableAnswers++;
                    return false;
                },
                TimeSpan.FromMinutes(2),
                what);
        }
        catch (TimeoutException e)
        {
            throw new InvalidOperationException($"{e.Message}; last answer {(int)last.Status} {last.Body}", e);
        }

        return last.Body;
    }
}
