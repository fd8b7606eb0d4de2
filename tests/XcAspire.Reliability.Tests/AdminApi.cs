using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace XcAspire.Reliability.Tests;

/// <summary>The admin API calls the reliability tests make, answering status and parsed body.</summary>
public sealed class AdminApi(HttpClient http) : IDisposable
{
    public HttpClient Http => http;

    public async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path, object body)
    {
        using var response = await http.PostAsJsonAsync("/api/admin/" + path, body);
        return (response.StatusCode, await ParseAsync(response));
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string path)
    {
        using var response = await http.GetAsync("/api/admin/" + path);
        return (response.StatusCode, await ParseAsync(response));
    }

    /// <summary>The wizard's metadata step: every venue and course created new from the source's names.</summary>
    public static object NewVenueAndCourses(JsonElement metadata) => new
    {
        venue = new { name = metadata.GetProperty("venue").GetProperty("name").GetString(), city = "Testville", state = "CA" },
        courses = metadata.GetProperty("courses").EnumerateArray()
            .Select(c => new { distanceMeters = c.GetProperty("distanceMeters").GetInt32(), name = c.GetProperty("name").GetString() })
            .ToList(),
    };

    public void Dispose() => http.Dispose();

    private static async Task<JsonElement> ParseAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (text.Length == 0)
        {
            return default;
        }

        try
        {
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonDocument.Parse(JsonSerializer.Serialize(text)).RootElement.Clone();
        }
    }
}
