using System.Text.Json;

namespace XcAspire.Testing;

/// <summary>The API connects to the silos in the background: a test that starts jobs first waits for its health to say so.</summary>
public static class ApiReadiness
{
    public static Task WaitForSilosAsync(HttpClient api) =>
        Eventually.WaitAsync(
            async () =>
            {
                using var response = await api.GetAsync("/health");
                using var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                return health.RootElement.TryGetProperty("checks", out var checks)
                    && checks.TryGetProperty("silos", out var silos)
                    && silos.GetProperty("status").GetString() == "Healthy";
            },
            TimeSpan.FromSeconds(90),
            "the API to reach a silo");
}
