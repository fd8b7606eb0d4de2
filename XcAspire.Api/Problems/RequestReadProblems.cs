using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Metadata;
using XcAspire.Api.Hosting;

namespace XcAspire.Api.Problems;

/// <summary>
/// A request the framework could not bind (bad JSON, a wrong JSON type, no body, a query value of the
/// wrong kind) as a problem the caller can act on. The framework's own messages name C# types and
/// parameters ("Failed to read parameter \"StartScrapeBody body\"", "Did you mean to use a Service
/// instead?"); these name the JSON field (its path as the client wrote it) or the query value, and
/// say what it must be, judged from the endpoint's own body type and parameters. A message not
/// recognised here gets a plain sentence, never the framework's text.
/// </summary>
public static partial class RequestReadProblems
{
    public const string SendJson = "Send the body as JSON, with 'Content-Type: application/json'.";

    /// <param name="exception">What the framework threw while binding.</param>
    /// <param name="endpoint">The endpoint it was binding for: its body type and parameters tell what a field must be.</param>
    public static (int Status, string Title, string Detail) Describe(BadHttpRequestException exception, Endpoint? endpoint)
    {
        var message = exception.Message;
        if (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (StatusCodes.Status413PayloadTooLarge, "Request body too large",
                $"Request bodies are limited to {AdminApiExtensions.MaxRequestBodyBytes / 1024} KiB.");
        }

        if (FindJsonException(exception) is { } json)
        {
            return (StatusCodes.Status400BadRequest, "Invalid JSON body",
                JsonDetail(json, endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType));
        }

        if (message.StartsWith("Implicit body inferred", StringComparison.Ordinal) || message.StartsWith("Unexpected request without body", StringComparison.Ordinal))
        {
            return (StatusCodes.Status400BadRequest, "Request body required",
                "This endpoint needs a JSON object as its body, sent with 'Content-Type: application/json'.");
        }

        if (message.StartsWith("Expected a supported JSON media type", StringComparison.Ordinal))
        {
            return (StatusCodes.Status415UnsupportedMediaType, "Unsupported content type", SendJson);
        }

        if (BindingFailed().Match(message) is { Success: true } binding)
        {
            var name = binding.Groups["name"].Value;
            return (StatusCodes.Status400BadRequest, "Invalid parameter",
                $"{MustBe(name, ParameterType(endpoint, name))}; \"{Shorten(binding.Groups["value"].Value)}\" is not.");
        }

        if (RequiredMissing().Match(message) is { Success: true } missing)
        {
            return (StatusCodes.Status400BadRequest, "Missing parameter", $"'{missing.Groups["name"].Value}' is required.");
        }

        return (exception.StatusCode, "Bad request", "The request could not be read; check its body, headers and query.");
    }

    private static JsonException? FindJsonException(Exception exception)
    {
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is JsonException json)
            {
                return json;
            }
        }

        return null;
    }

    private static string JsonDetail(JsonException json, Type? bodyType)
    {
        var where = json.LineNumber is { } line && json.BytePositionInLine is { } position
            ? $" (line {line + 1}, position {position + 1})"
            : "";
        // A syntax error comes from the reader (its exception wraps the reader's); a value of the
        // wrong type comes from the converter of the field it was meant for.
        if (json.InnerException is JsonException)
        {
            return $"The body is not valid JSON{where}.";
        }

        var path = json.Path ?? "$";
        var fieldType = bodyType is null ? null : FieldType(bodyType, path);
        return path == "$"
            ? $"The body must be {Expectation(fieldType ?? typeof(object))}{where}."
            : $"{MustBe(path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path[1..], fieldType)}{where}.";
    }

    private static string MustBe(string name, Type? type) =>
        type is null ? $"'{name}' holds a value of the wrong kind" : $"'{name}' must be {Expectation(type)}";

    /// <summary>The type a JSON path such as <c>$.metadata.courses[0].distanceMeters</c> lands on, read off the body's type.</summary>
    private static Type? FieldType(Type bodyType, string path)
    {
        Type? type = bodyType;
        foreach (Match segment in PathSegment().Matches(path))
        {
            type = Nullable.GetUnderlyingType(type!) ?? type!;
            type = segment.Groups["index"].Success
                ? ElementType(type)
                // Property names match case-insensitively, as the API's JSON options read them.
                : type.GetProperty(segment.Groups["name"].Value, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)?.PropertyType;
            if (type is null)
            {
                return null;
            }
        }

        return type;
    }

    private static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    private static Type? ParameterType(Endpoint? endpoint, string name) =>
        endpoint?.Metadata.GetMetadata<MethodInfo>()?.GetParameters().FirstOrDefault(p => p.Name == name)?.ParameterType;

    private static string Expectation(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(string) => "a string",
        var t when t == typeof(int) || t == typeof(long) || t == typeof(short) => "a whole number",
        var t when t == typeof(decimal) || t == typeof(double) || t == typeof(float) => "a number",
        var t when t == typeof(bool) => "true or false",
        var t when t == typeof(Guid) => "a UUID",
        var t when t == typeof(DateOnly) => "a date (YYYY-MM-DD)",
        var t when t == typeof(DateTimeOffset) || t == typeof(DateTime) => "a date and time (ISO 8601)",
        var t when ElementType(t) is not null => "a JSON array",
        _ => "a JSON object",
    };

    private static string Shorten(string value) => value.Length <= 60 ? value : value[..60] + "…";

    [GeneratedRegex("""^Failed to bind parameter "(?<type>.+) (?<name>[^"\s]+)" from "(?<value>.*)"\.$""", RegexOptions.Singleline)]
    private static partial Regex BindingFailed();

    [GeneratedRegex("""^Required parameter "(?<type>.+) (?<name>[^"\s]+)" was not provided""")]
    private static partial Regex RequiredMissing();

    // "$.name", "$['odd name']" and "[0]" steps of a System.Text.Json path.
    [GeneratedRegex(@"\.(?<name>[^.\[]+)|\['(?<name>(?:[^']|'')*)'\]|\[(?<index>\d+)\]")]
    private static partial Regex PathSegment();
}
