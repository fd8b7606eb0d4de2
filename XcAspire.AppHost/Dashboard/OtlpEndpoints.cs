using System.IO.Compression;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using XcAspire.AppHost.Otlp;

namespace XcAspire.AppHost.Dashboard;

/// <summary>
/// The OTLP/HTTP receiver (protobuf bodies, optionally gzip): /v1/traces, /v1/metrics, /v1/logs.
/// A full success is an empty Export*ServiceResponse, which encodes as an empty body.
/// </summary>
internal static class OtlpEndpoints
{
    public const long MaxBodyBytes = 32 * 1024 * 1024;
    private const string Protobuf = "application/x-protobuf";

    public static void MapOtlpEndpoints(this WebApplication app)
    {
        app.MapPost("/v1/traces", ReceiveTracesAsync);
        app.MapPost("/v1/metrics", ReceiveMetricsAsync);
        app.MapPost("/v1/logs", ReceiveLogsAsync);
    }

    private static Task<Results<FileContentHttpResult, ProblemHttpResult>> ReceiveTracesAsync(HttpRequest request, DashboardState state) =>
        ReceiveAsync(request, body => state.Traces.Add(OtlpTraceDecoder.Decode(body)));

    private static Task<Results<FileContentHttpResult, ProblemHttpResult>> ReceiveMetricsAsync(HttpRequest request, DashboardState state) =>
        ReceiveAsync(request, body => state.Metrics.Add(OtlpMetricDecoder.Decode(body)));

    private static Task<Results<FileContentHttpResult, ProblemHttpResult>> ReceiveLogsAsync(HttpRequest request, DashboardState state) =>
        ReceiveAsync(request, body =>
        {
            foreach (var record in OtlpLogDecoder.Decode(body))
            {
                state.Logs.Add(record);
            }
        });

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ReceiveAsync(HttpRequest request, Action<byte[]> store)
    {
        if (request.ContentType?.StartsWith(Protobuf, StringComparison.OrdinalIgnoreCase) != true)
        {
            return TypedResults.Problem(
                $"This receiver accepts OTLP/HTTP with {Protobuf} bodies (OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf), not '{request.ContentType}'.",
                statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        byte[] body;
        try
        {
            body = await ReadBodyAsync(request);
            store(body);
        }
        catch (InvalidDataException e)
        {
            return TypedResults.Problem("Malformed OTLP protobuf: " + e.Message, statusCode: StatusCodes.Status400BadRequest);
        }

        return TypedResults.File(Array.Empty<byte>(), Protobuf);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        var gzip = string.Equals(request.Headers.ContentEncoding, "gzip", StringComparison.OrdinalIgnoreCase);
        await using var unzipped = gzip ? new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true) : null;
        var source = unzipped ?? request.Body;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await source.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            // Bounds a gzip bomb as well as a plain body.
            if (buffer.Length + read > MaxBodyBytes)
            {
                throw new InvalidDataException($"The body exceeds {MaxBodyBytes} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
