using System.Buffers.Binary;
using System.Text;

namespace XcAspire.AppHost.Tests;

/// <summary>Writes protobuf fields by number, to build OTLP messages the decoders must read.</summary>
internal sealed class ProtoWriter
{
    private readonly MemoryStream buffer = new();

    public ProtoWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public ProtoWriter Message(int field, ProtoWriter message) => Bytes(field, message.ToArray());

    public ProtoWriter Bytes(int field, byte[] value)
    {
        Varint(((ulong)field << 3) | 2);
        Varint((ulong)value.Length);
        buffer.Write(value);
        return this;
    }

    public ProtoWriter Varint(int field, ulong value)
    {
        Varint((ulong)field << 3);
        Varint(value);
        return this;
    }

    public ProtoWriter Fixed64(int field, ulong value)
    {
        Varint(((ulong)field << 3) | 1);
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        buffer.Write(bytes);
        return this;
    }

    public byte[] ToArray() => buffer.ToArray();

    /// <summary>KeyValue { key = 1; AnyValue value = 2 } with a string value (AnyValue field 1).</summary>
    public static ProtoWriter Attribute(string key, string value) =>
        new ProtoWriter().String(1, key).Message(2, new ProtoWriter().String(1, value));

    /// <summary>KeyValue with an int value (AnyValue field 3).</summary>
    public static ProtoWriter Attribute(string key, long value) =>
        new ProtoWriter().String(1, key).Message(2, new ProtoWriter().Varint(3, (ulong)value));

    private void Varint(ulong value)
    {
        while (value >= 0x80)
        {
            buffer.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        buffer.WriteByte((byte)value);
    }
}
