namespace XcAspire.AppHost.Otlp;

/// <summary>One number of one metric series at one time. Histograms give their sum and count.</summary>
internal sealed record OtlpMetricPoint(
    string Service,
    string? Instance,
    string Name,
    string Unit,
    bool Cumulative,
    bool Monotonic,
    long TimeUnixNano,
    double Value,
    ulong Count,
    IReadOnlyDictionary<string, string> Attributes);

/// <summary>Decodes ExportMetricsServiceRequest (opentelemetry/proto/collector/metrics/v1): gauges, sums and histograms.</summary>
internal static class OtlpMetricDecoder
{
    private const int CumulativeTemporality = 2;

    // ExportMetricsServiceRequest { repeated ResourceMetrics resource_metrics = 1; }
    public static List<OtlpMetricPoint> Decode(ReadOnlySpan<byte> request)
    {
        var points = new List<OtlpMetricPoint>();
        OtlpEnvelope.ForEachItem(request, (item, resource, _) => ReadMetric(item, resource, points));
        return points;
    }

    // Metric { string name = 1; string unit = 3; Gauge gauge = 5; Sum sum = 7; Histogram histogram = 9; }
    // name and unit come before the data in every exporter we know, but read them first regardless.
    private static void ReadMetric(ReadOnlySpan<byte> bytes, OtlpResource resource, List<OtlpMetricPoint> points)
    {
        string name = string.Empty, unit = string.Empty;
        var reader = new ProtoReader(bytes);
        while (reader.Next())
        {
            switch (reader.FieldNumber)
            {
                case 1: name = reader.ReadString(); break;
                case 3: unit = reader.ReadString(); break;
                default: reader.Skip(); break;
            }
        }

        var series = new Series(resource, name, unit);
        reader = new ProtoReader(bytes);
        while (reader.Next())
        {
            switch (reader.FieldNumber)
            {
                case 5: ReadData(reader.ReadBytes(), series, DataKind.Gauge, points); break;
                case 7: ReadData(reader.ReadBytes(), series, DataKind.Sum, points); break;
                case 9: ReadData(reader.ReadBytes(), series, DataKind.Histogram, points); break;
                default: reader.Skip(); break;
            }
        }
    }

    // Gauge { repeated NumberDataPoint data_points = 1; }
    // Sum { repeated NumberDataPoint data_points = 1; AggregationTemporality aggregation_temporality = 2; bool is_monotonic = 3; }
    // Histogram { repeated HistogramDataPoint data_points = 1; AggregationTemporality aggregation_temporality = 2; }
    private static void ReadData(ReadOnlySpan<byte> bytes, Series series, DataKind kind, List<OtlpMetricPoint> points)
    {
        // A gauge has no temporality: its value is the current one, like a cumulative sum's.
        var cumulative = true;
        var monotonic = kind == DataKind.Histogram;
        var reader = new ProtoReader(bytes);
        while (reader.Next())
        {
            switch (reader.FieldNumber)
            {
                case 2 when kind != DataKind.Gauge: cumulative = (int)reader.ReadVarintField() == CumulativeTemporality; break;
                case 3 when kind == DataKind.Sum: monotonic = reader.ReadVarintField() != 0; break;
                default: reader.Skip(); break;
            }
        }

        var histogram = kind == DataKind.Histogram;
        series = series with { Cumulative = cumulative, Monotonic = monotonic };

        reader = new ProtoReader(bytes);
        while (reader.Next())
        {
            if (reader.FieldNumber == 1)
            {
                points.Add(histogram
                    ? ReadHistogramPoint(reader.ReadBytes(), series)
                    : ReadNumberPoint(reader.ReadBytes(), series));
            }
            else
            {
                reader.Skip();
            }
        }
    }

    // NumberDataPoint { fixed64 time_unix_nano = 3; double as_double = 4; sfixed64 as_int = 6; repeated KeyValue attributes = 7; }
    private static OtlpMetricPoint ReadNumberPoint(ReadOnlySpan<byte> bytes, Series series)
    {
        long time = 0;
        double value = 0;
        var attributes = new Dictionary<string, string>();
        var reader = new ProtoReader(bytes);
        while (reader.Next())
        {
            switch (reader.FieldNumber)
            {
                case 3: time = (long)reader.ReadFixed64(); break;
                case 4: value = reader.ReadDouble(); break;
                case 6: value = (long)reader.ReadFixed64(); break;
                case 7: OtlpCommon.AddKeyValue(reader.ReadBytes(), attributes); break;
                default: reader.Skip(); break;
            }
        }

        return series.Point(time, value, 0, attributes);
    }

    // HistogramDataPoint { fixed64 time_unix_nano = 3; fixed64 count = 4; double sum = 5; repeated KeyValue attributes = 9; }
    private static OtlpMetricPoint ReadHistogramPoint(ReadOnlySpan<byte> bytes, Series series)
    {
        long time = 0;
        double sum = 0;
        ulong count = 0;
        var attributes = new Dictionary<string, string>();
        var reader = new ProtoReader(bytes);
        while (reader.Next())
        {
            switch (reader.FieldNumber)
            {
                case 3: time = (long)reader.ReadFixed64(); break;
                case 4: count = reader.ReadFixed64(); break;
                case 5: sum = reader.ReadDouble(); break;
                case 9: OtlpCommon.AddKeyValue(reader.ReadBytes(), attributes); break;
                default: reader.Skip(); break;
            }
        }

        return series.Point(time, sum, count, attributes);
    }

    private enum DataKind
    {
        Gauge,
        Sum,
        Histogram,
    }

    private sealed record Series(OtlpResource Resource, string Name, string Unit, bool Cumulative = true, bool Monotonic = false)
    {
        public OtlpMetricPoint Point(long time, double value, ulong count, Dictionary<string, string> attributes) =>
            new(Resource.Service, Resource.Instance, Name, Unit, Cumulative, Monotonic, time, value, count, attributes);
    }
}
