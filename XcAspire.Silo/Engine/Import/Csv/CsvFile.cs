using System.Reflection;
using System.Text;
using CsvHelper;
using XcAspire.Silo.Import.Files;

namespace XcAspire.Silo.Import.Csv;

/// <summary>One data row of a CSV file: the typed record, or why it could not be read, with its line and raw text.</summary>
internal sealed record CsvLine<T>(T? Row, int Line, string Raw, string? Error);

/// <summary>
/// Reads one file of a meet folder with CsvHelper's source-generated records, a row at a time. UTF-8
/// with or without a BOM, CRLF or LF, with or without a final newline. A header without a required
/// column or naming a column twice, or a file that is not CSV at all, is a
/// <see cref="MeetFolderException"/> naming the file and the column as the file writes them (never the
/// record's C# members, nor the library's own wording).
/// </summary>
internal static class CsvFile
{
    // A record longer than this is not a meet row (a binary or junk file): stop instead of buffering it.
    private const int MaxRecordBytes = 64 * 1024;

    // What a rejected row keeps of its line for the report: enough to recognise it (a real row is under
    // 200 characters), not a 64 KiB copy per row held in memory until the whole folder is read.
    private const int MaxRawChars = 500;

    /// <summary>Every line of a small file (meets, races, schools, venues, courses).</summary>
    public static List<CsvLine<T>> Read<T>(ImportFolder folder, string name)
    {
        var lines = new List<CsvLine<T>>();
        ForEach<T>(folder, name, lines.Add);
        return lines;
    }

    /// <summary>Hands each line to <paramref name="onLine"/> as it is read: a large results file is never held whole.</summary>
    public static void ForEach<T>(ImportFolder folder, string name, Action<CsvLine<T>> onLine)
    {
        var line = 1;
        try
        {
            using var reader = CsvReader.Create(Open(folder, name), Options(), false);
            CheckHeader<T>(reader, name);
            var headerCount = reader.Headers.Count;
            while (reader.Read())
            {
                line = (int)reader.LineNumber;
                var raw = RawText(reader.RawRecord);
                // PostgreSQL text cannot hold a NUL character: the row is rejected (its raw text kept
                // with the NULs made visible) instead of failing the whole folder at the first write.
                if (reader.RawRecord.Contains((byte)0))
                {
                    onLine(new CsvLine<T>(default, line, raw.Replace("\0", "\\0", StringComparison.Ordinal), "the row contains a NUL byte"));
                }
                else if (reader.FieldCount != headerCount)
                {
                    onLine(new CsvLine<T>(default, line, raw, $"the row has {reader.FieldCount} fields, the header has {headerCount}"));
                }
                else
                {
                    onLine(new CsvLine<T>(reader.GetRecord<T>(), line, raw, null));
                }
            }
        }
        catch (Exception e) when (e is CsvFormatException or InvalidDataException or DecoderFallbackException or ArgumentException or InvalidOperationException)
        {
            var what = e.Message.Contains("MaxRecordSize", StringComparison.Ordinal)
                ? $"a record longer than {MaxRecordBytes / 1024} KiB"
                : "malformed CSV";
            throw new MeetFolderException($"{name}: not a readable CSV file ({what} after line {line})", e);
        }
    }

    private static CsvReaderOptions Options() => new()
    {
        TrimWhitespace = false,
        MissingField = CsvMissingFieldHandling.ReturnEmpty,
        FieldCountMismatch = CsvFieldCountHandling.Allow,
        TrackLineNumbers = true,
        SkipEmptyLines = true,
        MaxRecordSize = MaxRecordBytes,
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false),
    };

    private static FileStream Open(ImportFolder folder, string name)
    {
        try
        {
            return folder.Open(name);
        }
        catch (FileRefusedException e)
        {
            throw new MeetFolderException(e.Message, e);
        }
    }

    /// <summary>
    /// A column named twice is refused (a reader would take one of the two, and which one is nobody's
    /// choice), blank names aside (a spreadsheet's trailing empty columns); so is a missing required one.
    /// Names compare as CsvHelper matches them: case-insensitively.
    /// </summary>
    private static void CheckHeader<T>(CsvReader reader, string name)
    {
        var valid = reader.TryValidateHeader<T>(out _);
        var headers = reader.Headers;
        var twice = headers.Select((header, i) => (Name: header.Trim(), Column: i + 1))
            .Where(h => h.Name.Length > 0)
            .GroupBy(h => h.Name, StringComparer.OrdinalIgnoreCase)
            .FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            throw new MeetFolderException(
                $"{name}: the header names column '{twice.First().Name}' {twice.Count()} times (columns {string.Join(" and ", twice.Select(h => h.Column))}); " +
                "a column may appear once");
        }

        if (!valid)
        {
            var required = RequiredColumns<T>();
            var missing = required.Where(c => !headers.Any(h => string.Equals(h.Trim(), c, StringComparison.OrdinalIgnoreCase))).ToList();
            var header = headers.Count == 0 ? "(empty)" : string.Join(",", headers.Take(12));
            throw new MeetFolderException(
                $"{name}: missing required column '{string.Join("', '", missing.Count > 0 ? missing : required)}' (header: {Shorten(header)})");
        }
    }

    private static List<string> RequiredColumns<T>() =>
        typeof(T).GetProperties()
            .Select(p => p.GetCustomAttribute<CsvColumnAttribute>())
            .Where(a => a is { Optional: false, Name: not null })
            .Select(a => a!.Name!)
            .ToList();

    private static string RawText(ReadOnlySpan<byte> record)
    {
        var text = Encoding.UTF8.GetString(record.Length > MaxRawChars * 4 ? record[..(MaxRawChars * 4)] : record);
        return text.Length > MaxRawChars ? text[..MaxRawChars] + "…" : text;
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
