using System.Net;
using System.Text.Json;
using XcAspire.Silo.MeetData;
using XcAspire.Testing;

namespace XcAspire.Reliability.Tests;

/// <summary>
/// Drives meets through the API as an operator would: fetch-metadata, start-scrape with
/// autoImport=true, then poll every job to importing_complete, sending retry-failed for a job
/// that ends completed_with_errors (its failures were permanent for the silo, not for the operator).
/// </summary>
public sealed class MeetFlow(AdminApi api)
{
    private readonly Dictionary<string, string> _jobs = [];

    public IReadOnlyDictionary<string, string> JobsByMeet => _jobs;

    public int RetryFailedCalls { get; private set; }

    public async Task StartAsync(MeetSnapshot meet)
    {
        var meetId = meet.Meet.AthleticNetMeetId;
        // The API's own source client retries transient faults; a request that still failed is the
        // operator's to repeat, as the wizard's "try again" does.
        var metadata = await UntilOkAsync(() => api.PostAsync("import-meet/fetch-metadata", new { meetId }), $"fetch-metadata {meetId}");
        var started = await UntilOkAsync(
            () => api.PostAsync("import-meet/start-scrape", new { meetId, metadata = AdminApi.NewVenueAndCourses(metadata), autoImport = true }),
            $"start-scrape {meetId}");
        _jobs[meetId] = started.GetProperty("jobId").GetString()!;
    }

    /// <summary>True when every job is importing_complete; retries failed races of a job that gave up.</summary>
    public async Task<bool> AllCompleteAsync()
    {
        var complete = 0;
        foreach (var (meetId, jobId) in _jobs)
        {
            var (code, status) = await api.GetAsync($"import-meet/status/{jobId}");
            Assert.True(code == HttpStatusCode.OK, $"status of {meetId}: {(int)code} {status}");
            switch (status.GetProperty("status").GetString())
            {
                case "importing_complete":
                    complete++;
                    break;
                case "completed_with_errors":
                    var (retry, body) = await api.PostAsync($"jobs/{jobId}/retry-failed", new { });
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

    private static async Task<JsonElement> UntilOkAsync(Func<Task<(HttpStatusCode Status, JsonElement Body)>> call, string what)
    {
        (HttpStatusCode Status, JsonElement Body) last = default;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            last = await call();
            if (last.Status == HttpStatusCode.OK)
            {
                return last.Body;
            }

            Assert.True((int)last.Status >= 500, $"{what}: {(int)last.Status} {last.Body}");
        }

        throw new InvalidOperationException($"{what} still failed after 5 tries: {(int)last.Status} {last.Body}");
    }
}
