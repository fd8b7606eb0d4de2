using System.Globalization;
using System.Text.Json;

namespace XcAspire.Silo.Sources.AthleticNet;

/// <summary>
/// Lenient field access: Athletic.net gives the same field as a number on one endpoint and a string on
/// another (Place, Grade, ids), so every reader takes either and the first of several names.
/// </summary>
internal static class JsonFields
{
    public static JsonElement? Get(JsonElement obj, params string[] names)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var name in names)
        {
            if (obj.TryGetProperty(name, out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
            {
                return value;
            }
        }

        return null;
    }

    public static string? Text(JsonElement obj, params string[] names) => Text(Get(obj, names));

    public static double? Number(JsonElement obj, params string[] names) => Number(Get(obj, names));

    public static int? Int(JsonElement obj, params string[] names) => Int(Get(obj, names));

    /// <summary>An id as text; 0 and blanks mean "none" in Athletic.net's rows.</summary>
    public static string? Id(JsonElement obj, params string[] names) => Id(Get(obj, names));

    /// <summary>The value, unless it is JSON null or absent: what <see cref="Get"/> skips to try the next name.</summary>
    public static JsonElement? Present(JsonElement? value) =>
        value is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } ? value : null;

    public static string? Text(JsonElement? value) =>
        Present(value) switch
        {
            { ValueKind: JsonValueKind.String } s => s.GetString(),
            { ValueKind: JsonValueKind.Number } n => n.GetRawText(),
            { ValueKind: JsonValueKind.True } => "true",
            { ValueKind: JsonValueKind.False } => "false",
            _ => null,
        };

    public static double? Number(JsonElement? value) =>
        Present(value) switch
        {
            { ValueKind: JsonValueKind.Number } n => n.GetDouble(),
            { ValueKind: JsonValueKind.String } s when double.TryParse(s.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            _ => null,
        };

    public static int? Int(JsonElement? value) =>
        Number(value) is { } d && d is >= int.MinValue and <= int.MaxValue && d == Math.Floor(d) ? (int)d : null;

    public static string? Id(JsonElement? value) =>
        Text(value)?.Trim() is { Length: > 0 } id && id != "0" ? id : null;

    public static IEnumerable<JsonElement> Array(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray()
            : [];
}
