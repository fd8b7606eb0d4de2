using System.Text;
using CsvHelper;

namespace XcAspire.Silo.Import.Csv;

/// <summary>One data row of a CSV file: the typed record, or why it could not be read, with its line and raw text.</summary>
internal sealed record CsvLine<T>(T? Row, int Line, string Raw, string? Error);

/// <summary>
/// Reads one file of a meet folder with CsvHelper's source-generated records. UTF-8 with or without
/// a BOM, CRLF or LF, with or without a final newline. A header without a required column, or a file
/// that is not CSV at all, is a <see cref="MeetFolderException"/> naming the file and the column.
/// </summary>
internal static class CsvFile
{
    // A record longer than this is not a meet row (a binary or junk file): stop instead of buffering it.
    private const int MaxRecordBytes = 64 * 1024;

    public static List<CsvLine<T>> Read<T>(string path)
    {
        var name = Path.GetFileName(path);
        var lines = new List<CsvLine<T>>();
        try
        {
            using var reader = CsvReader.Create(
                File.OpenRead(path),
                new CsvReaderOptions
                {
                    TrimWhitespace = false,
                    MissingField = CsvMissingFieldHandling.ReturnEmpty,
                    FieldCountMismatch = CsvFieldCountHandling.Allow,
                    TrackLineNumbers = true,
                    SkipEmptyLines = true,
                    MaxRecordSize = MaxRecordBytes,
                    Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false),
                },
                false);
            if (!reader.TryValidateHeader<T>(out var missing))
            {
                var header = reader.Headers.Count == 0 ? "(empty)" : string.Join(",", reader.Headers.Take(12));
                throw new MeetFolderException(
                    $"{name}: missing required column '{string.Join("', '", missing ?? [])}' (header: {Shorten(header)})");
            }

            var headerCount = reader.Headers.Count;
            while (reader.Read())
            {
                var line = (int)reader.LineNumber;
                var raw = RawText(reader.RawRecord);
                // PostgreSQL text cannot hold a NUL character: the row is rejected (its raw text kept
                // with the NULs made visible) instead of failing the whole folder at the first write.
                if (reader.RawRecord.Contains((byte)0))
                {
                    lines.Add(new CsvLine<T>(default, line, raw.Replace("\0", "\\0", StringComparison.Ordinal), "the row contains a NUL byte"));
                    continue;
                }

                if (reader.FieldCount != headerCount)
                {
                    lines.Add(new CsvLine<T>(default, line, raw, $"the row has {reader.FieldCount} fields, the header has {headerCount}"));
                    continue;
                }

                lines.Add(new CsvLine<T>(reader.GetRecord<T>(), line, raw, null));
            }
        }
        catch (MeetFolderException)
        {
            throw;
        }
        catch (Exception e) when (e is CsvFormatException or InvalidDataException or DecoderFallbackException or ArgumentException or InvalidOperationException)
        {
            throw new MeetFolderException($"{name}: not a readable CSV file ({e.Message})", e);
        }

        return lines;
    }

    // What a rejected row keeps of its line for the report: enough to recognise it, not a 64 KiB copy
    // per row held in memory until the whole folder is read.
    private const int MaxRawChars = 1_000;

    private static string RawText(ReadOnlySpan<byte> record)
    {
        var text = Encoding.UTF8.GetString(record.Length > MaxRawChars * 4 ? record[..(MaxRawChars * 4)] : record);
        return text.Length > MaxRawChars ? text[..MaxRawChars] + "…" : text;
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
