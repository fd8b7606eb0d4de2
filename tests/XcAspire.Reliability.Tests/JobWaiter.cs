using System.Net;
using System.Text.Json;
using XcAspire.Testing;

namespace XcAspire.Reliability.Tests;

/// <summary>Polls a job until it stops moving (complete, with errors, error or cancelled).</summary>
public sealed class JobWaiter(AdminApi api)
{
    private static readonly string[] Ends = ["importing_complete", "completed_with_errors", "error", "cancelled", "scraping_complete"];

    public async Task<JsonElement> WaitForEndAsync(string jobId)
    {
        JsonElement last = default;
        await Eventually.WaitAsync(
            async () =>
            {
                var (code, body) = await api.GetAsync($"import-meet/status/{jobId}");
                Assert.True(code == HttpStatusCode.OK, $"status of {jobId}: {(int)code} {body}");
                last = body;
                return Ends.Contains(body.GetProperty("status").GetString());
            },
            TimeSpan.FromSeconds(120),
            $"job {jobId} to end");
        return last;
    }
}
