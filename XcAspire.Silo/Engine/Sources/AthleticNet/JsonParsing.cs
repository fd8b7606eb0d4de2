using System.Text.Json;

namespace XcAspire.Silo.Sources.AthleticNet;

internal static class JsonParsing
{
    /// <summary>Parses a body the classifier already found not to be HTML; anything unparseable is invalid.</summary>
    public static JsonDocument Parse(string body, string url)
    {
        try
        {
            return JsonDocument.Parse(body, new JsonDocumentOptions { AllowTrailingCommas = true, MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw new SourceResponseInvalidException(url, $"not valid JSON ({e.Message}); it starts with '{DivisionReader.Shorten(body.TrimStart())}'");
        }
    }
}
