namespace XcAspire.AppHost.Otlp;

/// <summary>One span as the dashboard shows it; times are Unix nanoseconds.</summary>
internal sealed record OtlpSpan(
    string TraceId,
    string SpanId,
    string? ParentSpanId,
    string Name,
    int Kind,
    long StartUnixNano,
    long EndUnixNano,
    int StatusCode,
    string? StatusMessage,
    string Service,
    string? Instance,
    string Scope,
    IReadOnlyDictionary<string, string> Attributes);

/// <summary>Decodes ExportTraceServiceRequest (opentelemetry/proto/collector/trace/v1) into spans.</summary>
internal static class OtlpTraceDecoder
{
    // ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
    public static List<OtlpSpan> Decode(ReadOnlySpan<byte> request)
    {
        var spans = new List<OtlpSpan>();
        OtlpEnvelope.ForEachItem(request, (item, resource, scope) => spans.Add(ReadSpan(item, resource, scope)));
        return spans;
    }

    // Span { bytes trace_id = 1; bytes span_id = 2; bytes parent_span_id = 4; string name = 5; SpanKind kind = 6;
    //        fixed64 start_time_unix_nano = 7; fixed64 end_time_unix_nano = 8; repeated KeyValue attributes = 9;
    //        Status status = 15; }
    private static OtlpSpan ReadSpan(ReadOnlySpan<byte> bytes, OtlpResource resource, string scope)
    {
        string? traceId = null, spanId = null, parent = null, statusMessage = null;
        var name = string.Empty;
        int kind = 0, statusCode = 0;
        long start = 0, end = 0;
        var attributes = new Dictionary<string, string>();
        var reader = new ProtoReader(bytes);
        while (reader.Next())
        {
            switch (reader.FieldNumber)
            {
                case 1: traceId = OtlpCommon.Hex(reader.ReadBytes()); break;
                case 2: spanId = OtlpCommon.Hex(reader.ReadBytes()); break;
                case 4: parent = OtlpCommon.Hex(reader.ReadBytes()); break;
                case 5: name = reader.ReadString(); break;
                case 6: kind = (int)reader.ReadVarintField(); break;
                case 7: start = (long)reader.ReadFixed64(); break;
                case 8: end = (long)reader.ReadFixed64(); break;
                case 9: OtlpCommon.AddKeyValue(reader.ReadBytes(), attributes); break;
                case 15: (statusCode, statusMessage) = ReadStatus(reader.ReadBytes()); break;
                default: reader.Skip(); break;
            }
        }

        if (traceId is null || spanId is null)
        {
            throw new InvalidDataException("A span without a trace id or span id.");
        }

        return new OtlpSpan(traceId, spanId, parent, name, kind, start, end, statusCode, statusMessage, resource.Service, resource.Instance, scope, attributes);
    }

    // Status { string message = 2; StatusCode code = 3; }
    private static (int Code, string? Message) ReadStatus(ReadOnlySpan<byte> bytes)
    {
        int code = 0;
        string? message = null;
        var reader = new ProtoReader(bytes);
        while (reader.Next())
        {
            switch (reader.FieldNumber)
            {
                case 2: message = reader.ReadString(); break;
                case 3: code = (int)reader.ReadVarintField(); break;
                default: reader.Skip(); break;
            }
        }

        return (code, string.IsNullOrEmpty(message) ? null : message);
    }
}
