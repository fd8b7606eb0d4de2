namespace XcAspire.AppHost.Otlp;

/// <summary>One item of an export request (a span, a log record, a metric) with what encloses it.</summary>
internal delegate void OtlpItemHandler(ReadOnlySpan<byte> item, OtlpResource resource, string scope);

/// <summary>
/// The envelope the three OTLP export requests share:
/// Export…ServiceRequest { repeated Resource… = 1; },
/// Resource… { Resource resource = 1; repeated Scope… = 2; },
/// Scope… { InstrumentationScope scope = 1; repeated item = 2; }.
/// </summary>
internal static class OtlpEnvelope
{
    public static void ForEachItem(ReadOnlySpan<byte> request, OtlpItemHandler handler)
    {
        var reader = new ProtoReader(request);
        while (reader.Next())
        {
            if (reader.FieldNumber == 1)
            {
                ReadResourceGroup(reader.ReadBytes(), handler);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static void ReadResourceGroup(ReadOnlySpan<byte> bytes, OtlpItemHandler handler)
    {
        // The resource normally comes first, but protobuf allows any order: read it before the items.
        var resource = OtlpResource.Unknown;
        var reader = new ProtoReader(bytes);
        while (reader.Next())
        {
            if (reader.FieldNumber == 1)
            {
                resource = OtlpCommon.ReadResource(reader.ReadBytes());
            }
            else
            {
                reader.Skip();
            }
        }

        reader = new ProtoReader(bytes);
        while (reader.Next())
        {
            if (reader.FieldNumber == 2)
            {
                ReadScopeGroup(reader.ReadBytes(), resource, handler);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static void ReadScopeGroup(ReadOnlySpan<byte> bytes, OtlpResource resource, OtlpItemHandler handler)
    {
        var scope = string.Empty;
        var reader = new ProtoReader(bytes);
        while (reader.Next())
        {
            if (reader.FieldNumber == 1)
            {
                scope = OtlpCommon.ReadScopeName(reader.ReadBytes());
            }
            else
            {
                reader.Skip();
            }
        }

        reader = new ProtoReader(bytes);
        while (reader.Next())
        {
            if (reader.FieldNumber == 2)
            {
                handler(reader.ReadBytes(), resource, scope);
            }
            else
            {
                reader.Skip();
            }
        }
    }
}
