using System.Globalization;
using System.Text.RegularExpressions;
using XcAspire.Silo.MeetData;

namespace XcAspire.Silo.Sources.Parsing;

/// <summary>A result as read: a finish with its time, a non-finish status, or why it could not be read.</summary>
public readonly record struct ParsedTime(FinishStatus Status, int? TimeCs, string? Error)
{
    public bool IsValid => Error is null;

    public static ParsedTime Finished(int timeCs) => new(FinishStatus.Finished, timeCs, null);

    public static ParsedTime NotFinished(FinishStatus status) => new(status, null, null);

    public static ParsedTime Invalid(string error) => new(FinishStatus.Finished, null, error);
}

/// <summary>
/// Result text (<c>16:45</c>, <c>16:45.3</c>, <c>19:30.45</c>, <c>1:02:03.4</c>) and Athletic.net's
/// <c>SortValue</c> (seconds) to centiseconds. Status words (DNF, DNS, DQ, SCR, NT) become a status, never a
/// time; the scratch sentinel SortValue 999999 does too. Anything else is an error the caller rejects with.
/// </summary>
public static partial class TimeParser
{
    /// <summary>Athletic.net stores scratches (and other non-times) with this SortValue.</summary>
    public const double SortValueSentinel = 999999;

    // The whole string must match: the old regex anchored only at the start, so "1:02:03" became 6200 cs.
    [GeneratedRegex(@"^(?:(?<h>\d{1,2}):)?(?<m>\d{1,3}):(?<s>\d{2})(?:\.(?<f>\d{1,2}))?[a-zA-Z]?$")]
    private static partial Regex ClockTime();

    [GeneratedRegex(@"^(?<s>\d{1,5})(?:\.(?<f>\d{1,2}))?$")]
    private static partial Regex SecondsOnly();

    public static ParsedTime Parse(string? result, double? sortValue)
    {
        var text = result?.Trim() ?? string.Empty;
        if (text.Length > 0)
        {
            // Every status word starts with a letter; a time (the usual row) need not be upper-cased to see that.
            if (!char.IsAsciiDigit(text[0]) && StatusText(text) is { } status)
            {
                return ParsedTime.NotFinished(status);
            }

            if (ParseText(text) is { } cs)
            {
                return ParsedTime.Finished(cs);
            }

            return ParsedTime.Invalid($"result '{text}' is neither a time (like 16:45.3) nor a status (DNF, DNS, DQ, SCR, NT)");
        }

        if (sortValue is { } seconds)
        {
            if (seconds >= SortValueSentinel)
            {
                return ParsedTime.NotFinished(FinishStatus.SCR);
            }

            if (seconds > 0 && FromSeconds(seconds) is { } cs)
            {
                return ParsedTime.Finished(cs);
            }

            return ParsedTime.Invalid($"SortValue {seconds.ToString(CultureInfo.InvariantCulture)} is not a time");
        }

        return ParsedTime.Invalid("no result and no SortValue");
    }

    /// <summary>A time string to centiseconds, or null when it is not one. One fraction digit is tenths.</summary>
    public static int? ParseText(string text)
    {
        if (TryMinutesAndSeconds(text.AsSpan().Trim(), out var usual))
        {
            return usual;
        }

        var match = ClockTime().Match(text.Trim());
        if (!match.Success)
        {
            return null;
        }

        var hours = match.Groups["h"].Success ? int.Parse(match.Groups["h"].Value, CultureInfo.InvariantCulture) : 0;
        var minutes = int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture);
        var seconds = int.Parse(match.Groups["s"].Value, CultureInfo.InvariantCulture);
        if (seconds >= 60 || (match.Groups["h"].Success && minutes >= 60))
        {
            return null;
        }

        var cs = (((hours * 60) + minutes) * 60 + seconds) * 100 + Fraction(match.Groups["f"]);
        return cs > 0 ? cs : null;
    }

    /// <summary>
    /// The shape nearly every result has, <c>m:ss</c> or <c>m:ss.f</c> (up to three minute digits, up to two
    /// fraction digits, ASCII digits only), read without the regex: a large meet has over ten thousand rows.
    /// For such text it gives exactly what <see cref="ClockTime"/> would; false for any other shape.
    /// </summary>
    private static bool TryMinutesAndSeconds(ReadOnlySpan<char> text, out int? timeCs)
    {
        timeCs = null;
        var colon = text.IndexOf(':');
        if (colon is < 1 or > 3 || !AsciiDigits(text[..colon]) || text.Length - colon - 1 < 2 || !AsciiDigits(text.Slice(colon + 1, 2)))
        {
            return false;
        }

        var fraction = text[(colon + 3)..];
        if (fraction.Length > 0 && (fraction.Length is < 2 or > 3 || fraction[0] != '.' || !AsciiDigits(fraction[1..])))
        {
            return false;
        }

        var minutes = int.Parse(text[..colon], CultureInfo.InvariantCulture);
        var seconds = int.Parse(text.Slice(colon + 1, 2), CultureInfo.InvariantCulture);
        if (seconds < 60)
        {
            var hundredths = fraction.Length == 0 ? 0 : int.Parse(fraction[1..], CultureInfo.InvariantCulture) * (fraction.Length == 2 ? 10 : 1);
            var cs = (((minutes * 60) + seconds) * 100) + hundredths;
            timeCs = cs > 0 ? cs : null;
        }

        return true;
    }

    private static bool AsciiDigits(ReadOnlySpan<char> text) => !text.ContainsAnyExceptInRange('0', '9');

    /// <summary>Seconds (a SortValue, or "958.4" as text) to centiseconds, rounded to the nearest.</summary>
    public static int? FromSeconds(double seconds) =>
        seconds > 0 && seconds < SortValueSentinel ? (int)Math.Round(seconds * 100, MidpointRounding.AwayFromZero) : null;

    /// <summary>Seconds written as text without a colon (short races, or a SortValue given as a string).</summary>
    public static int? ParseSecondsText(string text)
    {
        var match = SecondsOnly().Match(text.Trim());
        return match.Success
            ? int.Parse(match.Groups["s"].Value, CultureInfo.InvariantCulture) * 100 + Fraction(match.Groups["f"])
            : null;
    }

    public static FinishStatus? StatusText(string text) =>
        text.Trim().TrimEnd('.').ToUpperInvariant() switch
        {
            "DNF" or "DID NOT FINISH" => FinishStatus.DNF,
            "DNS" or "DID NOT START" => FinishStatus.DNS,
            "DQ" or "DSQ" or "DISQUALIFIED" => FinishStatus.DQ,
            "SCR" or "SCRATCH" or "SCRATCHED" => FinishStatus.SCR,
            "NT" or "NO TIME" => FinishStatus.NT,
            _ => null,
        };

    /// <summary>Centiseconds as the site displays them: <c>M:SS.cc</c>, or <c>H:MM:SS.cc</c> from an hour.</summary>
    public static string Format(int timeCs)
    {
        var totalSeconds = timeCs / 100;
        var hours = totalSeconds / 3600;
        var minutes = totalSeconds / 60 % 60;
        var seconds = totalSeconds % 60;
        var fraction = timeCs % 100;
        return hours > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{hours}:{minutes:00}:{seconds:00}.{fraction:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{minutes}:{seconds:00}.{fraction:00}");
    }

    private static int Fraction(Group group) =>
        !group.Success ? 0
        : group.Value.Length == 1 ? int.Parse(group.Value, CultureInfo.InvariantCulture) * 10
        : int.Parse(group.Value, CultureInfo.InvariantCulture);
}
