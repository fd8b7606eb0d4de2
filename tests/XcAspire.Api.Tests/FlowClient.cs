using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using XcAspire.Testing;

namespace XcAspire.Api.Tests;

/// <summary>The admin API as the wizard calls it, with the waits a test needs.</summary>
public sealed class FlowClient(HttpClient http)
{
    public async Task<JsonElement> PostAsync(string path, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await http.PostAsJsonAsync("/api/admin/" + path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"POST {path}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<JsonElement> GetAsync(string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await http.GetAsync("/api/admin/" + path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"GET {path}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Polls the seed's status endpoint until the job reaches <paramref name="status"/>.</summary>
    public async Task<JsonElement> WaitForStatusAsync(string jobId, string status, TimeSpan? timeout = null)
    {
        JsonElement last = default;
        await Eventually.WaitAsync(
            async () =>
            {
                last = await GetAsync($"import-meet/status/{jobId}");
                var now = last.GetProperty("status").GetString();
                Assert.False(now is "error" or "cancelled" || (now == "completed_with_errors" && status != now), $"job {jobId} ended {now}: {last}");
                return now == status;
            },
            timeout ?? TimeSpan.FromSeconds(120),
            $"job {jobId} to reach {status}");
        return last;
    }

    /// <summary>The wizard's metadata step: every venue and course created new from the source's names.</summary>
    public static object NewVenueAndCourses(JsonElement metadata) => new
    {
        venue = new { name = metadata.GetProperty("venue").GetProperty("name").GetString(), city = "Testville", state = "CA" },
        courses = metadata.GetProperty("courses").EnumerateArray()
            .Select(c => new { distanceMeters = c.GetProperty("distanceMeters").GetInt32(), name = c.GetProperty("name").GetString() })
            .ToList(),
    };
}
