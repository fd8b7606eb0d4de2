using System.Buffers;
using System.Text;

namespace XcAspire.Silo.Sources.AthleticNet;

/// <summary>
/// An answer's body as text, read straight into one pooled buffer the size the answer announced (grown only
/// when it announced nothing) and decoded once: a large meet's answer is the last thing a scrape waits for,
/// and copying it through a growing stream and a chunked reader cost more than receiving it.
/// </summary>
internal static class ResponseBody
{
    private const int UnannouncedStart = 64 * 1024;

    /// <summary>The body as UTF-8 text (or as its byte order mark says); <paramref name="tooLarge"/> past <paramref name="limit"/> bytes.</summary>
    public static async Task<string> ReadAsync(HttpContent content, long limit, Func<Exception> tooLarge, CancellationToken ct)
    {
        var announced = content.Headers.ContentLength;
        if (announced > limit)
        {
            throw tooLarge();
        }

        await using var stream = await content.ReadAsStreamAsync(ct);
        // One byte past what was announced, so the read that finds the end has room to be made.
        var buffer = ArrayPool<byte>.Shared.Rent(announced is { } size ? (int)Math.Min(size + 1, Array.MaxLength) : UnannouncedStart);
        try
        {
            var length = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(length), ct)) > 0)
            {
                length += read;
                if (length > limit)
                {
                    throw tooLarge();
                }

                if (length == buffer.Length)
                {
                    buffer = Grow(buffer, length, limit);
                }
            }

            return Decode(buffer, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static byte[] Grow(byte[] buffer, int length, long limit)
    {
        // Never more than one byte past the limit: that byte is how a longer answer is noticed.
        var grown = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Min(2L * buffer.Length, limit + 1), Array.MaxLength));
        buffer.AsSpan(0, length).CopyTo(grown);
        ArrayPool<byte>.Shared.Return(buffer);
        return grown;
    }

    private static string Decode(byte[] buffer, int length)
    {
        // A JSON body starts with '{', '[', a quote, a letter, a digit or white space; these first bytes can
        // only be a byte order mark (UTF-8, UTF-16 or UTF-32), which the reader recognises and drops.
        if (length > 0 && buffer[0] is 0xEF or 0xFE or 0xFF or 0x00)
        {
            using var reader = new StreamReader(new MemoryStream(buffer, 0, length, writable: false), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }

        return Encoding.UTF8.GetString(buffer, 0, length);
    }
}
