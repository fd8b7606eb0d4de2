namespace XcAspire.AppHost.Otlp;

/// <summary>One structured log record as the dashboard shows it.</summary>
internal sealed record OtlpLogRecord(
    long TimeUnixNano,
    string Severity,
    string Body,
    string Category,
    string Service,
    string? Instance,
    string? TraceId,
    string? SpanId);

/// <summary>Decodes ExportLogsServiceRequest (opentelemetry/proto/collector/logs/v1).</summary>
internal static class OtlpLogDecoder
{
    // ExportLogsServiceRequest { repeated ResourceLogs resource_logs = 1; }
    public static List<OtlpLogRecord> Decode(ReadOnlySpan<byte> request)
    {
        var records = new List<OtlpLogRecord>();
        OtlpEnvelope.ForEachItem(request, (item, resource, scope) => records.Add(ReadRecord(item, resource, scope)));
        return records;
    }

    // LogRecord { fixed64 time_unix_nano = 1; SeverityNumber severity_number = 2; string severity_text = 3;
    //             AnyValue body = 5; fixed64 observed_time_unix_nano = 11; bytes trace_id = 9; bytes span_id = 10; }
    private static OtlpLogRecord ReadRecord(ReadOnlySpan<byte> bytes, OtlpResource resource, string scope)
    {
        long time = 0, observed = 0;
        var severityNumber = 0;
        string? severity = null, traceId = null, spanId = null;
        var body = string.Empty;
        var reader = new ProtoReader(bytes);
        while (reader.Next())
        {
            switch (reader.FieldNumber)
            {
                case 1: time = (long)reader.ReadFixed64(); break;
                case 2: severityNumber = (int)reader.ReadVarintField(); break;
                case 3: severity = reader.ReadString(); break;
                case 5: body = OtlpCommon.ReadAnyValue(reader.ReadBytes()); break;
                case 9: traceId = OtlpCommon.Hex(reader.ReadBytes()); break;
                case 10: spanId = OtlpCommon.Hex(reader.ReadBytes()); break;
                case 11: observed = (long)reader.ReadFixed64(); break;
                default: reader.Skip(); break;
            }
        }

        return new OtlpLogRecord(time != 0 ? time : observed, severity ?? SeverityName(severityNumber), body, scope, resource.Service, resource.Instance, traceId, spanId);
    }

    // SeverityNumber ranges from the OTLP spec: 1-4 trace, 5-8 debug, 9-12 info, 13-16 warn, 17-20 error, 21-24 fatal.
    private static string SeverityName(int number) => number switch
    {
        >= 21 => "Fatal",
        >= 17 => "Error",
        >= 13 => "Warning",
        >= 9 => "Information",
        >= 5 => "Debug",
        >= 1 => "Trace",
        _ => "Unspecified",
    };
}
