using System.Text.Json;
using System.Text.Json.Serialization;

namespace XcAspire.Silo.Grains.Contracts;

/// <summary>
/// How a season's meets are written in the read model's <c>season_jobs.meets</c> (and read back by the API):
/// snake_case names and phases, so operators' SQL reads them as the API names them.
/// </summary>
public static class SeasonJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string Meets(IEnumerable<SeasonMeet> meets) => JsonSerializer.Serialize(meets, Options);

    public static IReadOnlyList<SeasonMeet> ReadMeets(string json) => JsonSerializer.Deserialize<List<SeasonMeet>>(json, Options) ?? [];
}
