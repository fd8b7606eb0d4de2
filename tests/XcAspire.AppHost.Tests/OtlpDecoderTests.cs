using XcAspire.AppHost.Otlp;

namespace XcAspire.AppHost.Tests;

public sealed class OtlpDecoderTests
{
    private static readonly byte[] TraceId = Convert.FromHexString("0af7651916cd43dd8448eb211c80319c");
    private static readonly byte[] SpanId = Convert.FromHexString("b7ad6b7169203331");
    private static readonly byte[] ParentId = Convert.FromHexString("00f067aa0ba902b7");

    [Fact]
    public void A_span_is_read_with_its_service_scope_times_attributes_and_status()
    {
        var span = new ProtoWriter()
            .Bytes(1, TraceId).Bytes(2, SpanId).Bytes(4, ParentId)
            .String(5, "race import")
            .Varint(6, 1)
            .Fixed64(7, 1_000_000_000).Fixed64(8, 1_250_000_000)
            .Message(9, ProtoWriter.Attribute("xc.meet_id", "12345"))
            .Message(9, ProtoWriter.Attribute("xc.attempt", 2))
            .String(99, "a field this decoder does not know")
            .Message(15, new ProtoWriter().String(2, "lease lost").Varint(3, 2));
        var request = new ProtoWriter().Message(1, new ProtoWriter()
            .Message(2, new ProtoWriter().Message(1, new ProtoWriter().String(1, "XcAspire")).Message(2, span))
            // The resource after its spans: protobuf allows any order.
            .Message(1, new ProtoWriter()
                .Message(1, ProtoWriter.Attribute("service.name", "silo"))
                .Message(1, ProtoWriter.Attribute("service.instance.id", "silo-2"))));

        var decoded = Assert.Single(OtlpTraceDecoder.Decode(request.ToArray()));

        Assert.Equal("0af7651916cd43dd8448eb211c80319c", decoded.TraceId);
        Assert.Equal("b7ad6b7169203331", decoded.SpanId);
        Assert.Equal("00f067aa0ba902b7", decoded.ParentSpanId);
        Assert.Equal("race import", decoded.Name);
        Assert.Equal(("silo", "silo-2", "XcAspire"), (decoded.Service, decoded.Instance, decoded.Scope));
        Assert.Equal(250_000_000, decoded.EndUnixNano - decoded.StartUnixNano);
        Assert.Equal("12345", decoded.Attributes["xc.meet_id"]);
        Assert.Equal("2", decoded.Attributes["xc.attempt"]);
        Assert.Equal((2, "lease lost"), (decoded.StatusCode, decoded.StatusMessage));
    }

    [Fact]
    public void A_root_span_has_no_parent()
    {
        var span = new ProtoWriter().Bytes(1, TraceId).Bytes(2, SpanId).Bytes(4, []).String(5, "GET /health");
        var request = new ProtoWriter().Message(1, new ProtoWriter().Message(2, new ProtoWriter().Message(2, span)));

        var decoded = Assert.Single(OtlpTraceDecoder.Decode(request.ToArray()));

        Assert.Null(decoded.ParentSpanId);
        Assert.Equal("unknown", decoded.Service);
    }

    [Fact]
    public void A_monotonic_cumulative_sum_is_read_as_such()
    {
        var point = new ProtoWriter().Fixed64(3, 5).Fixed64(6, 42).Message(7, ProtoWriter.Attribute("step", "import"));
        var sum = new ProtoWriter().Message(1, point).Varint(2, 2).Varint(3, 1);
        var metric = new ProtoWriter().String(1, "xc.results.imported").String(3, "{row}").Message(7, sum);
        var request = new ProtoWriter().Message(1, new ProtoWriter()
            .Message(1, new ProtoWriter().Message(1, ProtoWriter.Attribute("service.name", "silo")))
            .Message(2, new ProtoWriter().Message(2, metric)));

        var decoded = Assert.Single(OtlpMetricDecoder.Decode(request.ToArray()));

        Assert.Equal(("xc.results.imported", "{row}", 42.0), (decoded.Name, decoded.Unit, decoded.Value));
        Assert.True(decoded.Cumulative);
        Assert.True(decoded.Monotonic);
        Assert.Equal("import", decoded.Attributes["step"]);
    }

    [Theory]
    [InlineData(new byte[] { 0x0a, 0x05, 0x01 })]          // a length past the end
    [InlineData(new byte[] { 0x0a })]                      // a tag without its length
    [InlineData(new byte[] { 0x0b, 0x00 })]                // wire type 3 (groups): not OTLP
    [InlineData(new byte[] { 0x00, 0x00 })]                // field number 0
    public void Malformed_protobuf_is_refused(byte[] body)
    {
        Assert.Throws<InvalidDataException>(() => OtlpTraceDecoder.Decode(body));
    }
}
