using System.Buffers.Binary;

namespace XcAspire.AppHost.Otlp;

/// <summary>
/// Just enough of the protobuf wire format to walk an OTLP message: fields are read in order and
/// the ones a decoder does not ask for are skipped. Malformed input throws <see cref="InvalidDataException"/>.
/// </summary>
internal ref struct ProtoReader(ReadOnlySpan<byte> buffer)
{
    private readonly ReadOnlySpan<byte> buffer = buffer;
    private int position;
    private int wireType;

    public int FieldNumber { get; private set; }

    /// <summary>Moves to the next field; false at the end of the message.</summary>
    public bool Next()
    {
        if (position >= buffer.Length)
        {
            return false;
        }

        var tag = ReadVarint();
        FieldNumber = (int)(tag >> 3);
        wireType = (int)(tag & 7);
        if (FieldNumber == 0)
        {
            throw new InvalidDataException("Protobuf field number 0.");
        }

        return true;
    }

    public ulong ReadVarintField() => Expect(0) ? ReadVarint() : 0;

    public ulong ReadFixed64()
    {
        Expect(1);
        var value = BinaryPrimitives.ReadUInt64LittleEndian(Take(8));
        return value;
    }

    public double ReadDouble() => BitConverter.UInt64BitsToDouble(ReadFixed64());

    public ReadOnlySpan<byte> ReadBytes()
    {
        Expect(2);
        var length = ReadVarint();
        if (length > (ulong)(buffer.Length - position))
        {
            throw new InvalidDataException("Protobuf length runs past the end of the message.");
        }

        return Take((int)length);
    }

    public string ReadString() => System.Text.Encoding.UTF8.GetString(ReadBytes());

    public void Skip()
    {
        switch (wireType)
        {
            case 0: ReadVarint(); break;
            case 1: Take(8); break;
            case 2: ReadBytes(); break;
            case 5: Take(4); break;
            default: throw new InvalidDataException($"Unsupported protobuf wire type {wireType}.");
        }
    }

    private bool Expect(int expected) =>
        wireType == expected ? true : throw new InvalidDataException($"Field {FieldNumber} has wire type {wireType}, expected {expected}.");

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > buffer.Length - position)
        {
            throw new InvalidDataException("Protobuf message is truncated.");
        }

        var slice = buffer.Slice(position, count);
        position += count;
        return slice;
    }

    private ulong ReadVarint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = Take(1)[0];
            result |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw new InvalidDataException("Protobuf varint is longer than 10 bytes.");
    }
}
