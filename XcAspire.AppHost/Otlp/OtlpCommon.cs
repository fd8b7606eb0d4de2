using System.Globalization;

namespace XcAspire.AppHost.Otlp;

/// <summary>Which service sent a batch: OTLP's Resource, reduced to the attributes the dashboard shows.</summary>
internal sealed record OtlpResource(string Service, string? Instance)
{
    public static readonly OtlpResource Unknown = new("unknown", null);
}

/// <summary>The message types every OTLP signal shares: Resource, KeyValue, AnyValue, InstrumentationScope.</summary>
internal static class OtlpCommon
{
    // Resource { repeated KeyValue attributes = 1; }
    public static OtlpResource ReadResource(ReadOnlySpan<byte> bytes)
    {
        var attributes = new Dictionary<string, string>();
        var reader = new ProtoReader(bytes);
        while (reader.Next())
        {
            if (reader.FieldNumber == 1)
            {
                AddKeyValue(reader.ReadBytes(), attributes);
            }
            else
            {
                reader.Skip();
            }
        }

        return new OtlpResource(
            attributes.GetValueOrDefault("service.name") ?? "unknown",
            attributes.GetValueOrDefault("service.instance.id"));
    }

    // InstrumentationScope { string name = 1; string version = 2; ... }
    public static string ReadScopeName(ReadOnlySpan<byte> bytes)
    {
        var reader = new ProtoReader(bytes);
        while (reader.Next())
        {
            if (reader.FieldNumber == 1)
            {
                return reader.ReadString();
            }

            reader.Skip();
        }

        return string.Empty;
    }

    // KeyValue { string key = 1; AnyValue value = 2; }
    public static void AddKeyValue(ReadOnlySpan<byte> bytes, Dictionary<string, string> into)
    {
        string? key = null;
        var value = string.Empty;
        var reader = new ProtoReader(bytes);
        while (reader.Next())
        {
            switch (reader.FieldNumber)
            {
                case 1: key = reader.ReadString(); break;
                case 2: value = ReadAnyValue(reader.ReadBytes()); break;
                default: reader.Skip(); break;
            }
        }

        if (key is not null)
        {
            into[key] = value;
        }
    }

    // AnyValue { oneof: string 1, bool 2, int64 3, double 4, ArrayValue 5, KeyValueList 6, bytes 7 }
    public static string ReadAnyValue(ReadOnlySpan<byte> bytes)
    {
        var reader = new ProtoReader(bytes);
        var result = string.Empty;
        while (reader.Next())
        {
            result = reader.FieldNumber switch
            {
                1 => reader.ReadString(),
                2 => reader.ReadVarintField() != 0 ? "true" : "false",
                3 => ((long)reader.ReadVarintField()).ToString(CultureInfo.InvariantCulture),
                4 => reader.ReadDouble().ToString(CultureInfo.InvariantCulture),
                5 => "[" + string.Join(", ", ReadArray(reader.ReadBytes())) + "]",
                7 => Convert.ToHexStringLower(reader.ReadBytes()),
                _ => SkipAndKeep(ref reader, result),
            };
        }

        return result;
    }

    public static string? Hex(ReadOnlySpan<byte> id) =>
        id.IsEmpty || !id.ContainsAnyExcept((byte)0) ? null : Convert.ToHexStringLower(id);

    // ArrayValue { repeated AnyValue values = 1; }
    private static List<string> ReadArray(ReadOnlySpan<byte> bytes)
    {
        var values = new List<string>();
        var reader = new ProtoReader(bytes);
        while (reader.Next())
        {
            if (reader.FieldNumber == 1)
            {
                values.Add(ReadAnyValue(reader.ReadBytes()));
            }
            else
            {
                reader.Skip();
            }
        }

        return values;
    }

    private static string SkipAndKeep(ref ProtoReader reader, string current)
    {
        reader.Skip();
        return current;
    }
}
