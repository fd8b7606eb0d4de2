using System.Globalization;
using XcAspire.Silo.MeetData;

namespace XcAspire.Silo.Import.Csv;

/// <summary>
/// Cell values as a spreadsheet may have left them (domain.md §3.1): padded numbers, M/D/YY dates,
/// TRUE/FALSE. Formula-looking cells (=…) are never evaluated: they stay text, and a number column
/// holding one is rejected like any other non-number.
/// </summary>
public static class Cells
{
    public static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>A cell as a reason quotes it: in quotes, cut off after 40 characters (a reason never repeats a whole junk cell).</summary>
    public static string Quoted(string? value) =>
        value is null ? "''" : value.Length <= 40 ? $"'{value}'" : $"'{value[..40]}…'";

    /// <summary>An integer, tolerating padding, thousands separators and a zero fraction ("1,314", " 100.0 ").</summary>
    public static bool TryInt(string? value, out int result)
    {
        result = 0;
        var text = Text(value)?.Replace(",", "", StringComparison.Ordinal);
        if (text is null)
        {
            return false;
        }

        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result))
        {
            return true;
        }

        if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var d)
            && d == decimal.Truncate(d) && d is >= int.MinValue and <= int.MaxValue)
        {
            result = (int)d;
            return true;
        }

        return false;
    }

    /// <summary>
    /// A place: blank (or the scraper's 0) is no place; otherwise a whole number of 1 or more. Anything
    /// else (a formula, a word) is not a place, and its row is rejected like one with a bad time.
    /// </summary>
    public static bool TryPlace(string? value, out int? place)
    {
        place = null;
        if (Text(value) is null)
        {
            return true;
        }

        if (!TryInt(value, out var number) || number < 0)
        {
            return false;
        }

        place = number > 0 ? number : null;
        return true;
    }

    public static bool TryDecimal(string? value, out decimal result)
    {
        result = 0;
        var text = Text(value);
        return text is not null
            && decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result);
    }

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "M/d/yy", "M/d/yyyy", "yyyy/M/d", "yyyy-MM-ddTHH:mm:ss"];

    /// <summary>ISO or the spreadsheet's M/D/YY (two-digit years are 20YY: the site's meets start in 2000s).</summary>
    public static bool TryDate(string? value, out DateOnly date)
    {
        date = default;
        var text = Text(value);
        if (text is null || !DateTime.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return false;
        }

        date = DateOnly.FromDateTime(parsed.Year < 100 ? parsed.AddYears(2000) : parsed);
        return true;
    }

    /// <summary>Python's True/False or a spreadsheet's TRUE/FALSE; blank is false.</summary>
    public static bool Bool(string? value) =>
        Text(value)?.ToUpperInvariant() is "TRUE" or "1" or "YES" or "Y" or "T";

    /// <summary>
    /// A time as centiseconds: the folder's integer time_cs, or a clock string (16:45, 16:45.3,
    /// 19:30.45, 1:02:03.4). A non-finish status (DNF, DNS, DQ, SCR, NT) is returned as a status.
    /// </summary>
    public static bool TryTime(string? value, out int? timeCs, out FinishStatus status)
    {
        timeCs = null;
        status = FinishStatus.Finished;
        var text = Text(value);
        if (text is null)
        {
            return false;
        }

        if (Enum.TryParse<FinishStatus>(text.ToUpperInvariant(), out var named) && named != FinishStatus.Finished && text.All(char.IsLetter))
        {
            status = named;
            return true;
        }

        if (TryInt(text, out var cs))
        {
            timeCs = cs;
            return cs > 0;
        }

        timeCs = ParseClock(text);
        return timeCs is > 0;
    }

    private static int? ParseClock(string text)
    {
        var parts = text.Split(':');
        if (parts.Length is < 2 or > 3)
        {
            return null;
        }

        var secondsPart = parts[^1].Split('.');
        if (secondsPart.Length > 2 || secondsPart[0].Length != 2 || !secondsPart[0].All(char.IsAsciiDigit))
        {
            return null;
        }

        var fraction = secondsPart.Length == 2 ? secondsPart[1] : "";
        if (fraction.Length > 2 || !fraction.All(char.IsAsciiDigit))
        {
            return null;
        }

        long total = 0;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            if (parts[i].Length == 0 || !parts[i].All(char.IsAsciiDigit) || parts[i].Length > 3)
            {
                return null;
            }

            total = (total * 60) + int.Parse(parts[i], CultureInfo.InvariantCulture);
        }

        var seconds = int.Parse(secondsPart[0], CultureInfo.InvariantCulture);
        if (seconds >= 60)
        {
            return null;
        }

        var centis = fraction.Length == 0 ? 0 : int.Parse(fraction.PadRight(2, '0'), CultureInfo.InvariantCulture);
        var result = (((total * 60) + seconds) * 100) + centis;
        return result is > 0 and < int.MaxValue ? (int)result : null;
    }

    /// <summary>
    /// A name whose letters were lost on the way (U+FFFD) or decoded twice (UTF-8 read as Latin-1:
    /// "JosÃ©"): imported as given and flagged, since the original cannot be recovered.
    /// </summary>
    public static bool LooksDamaged(string value)
    {
        if (value.Contains('\uFFFD', StringComparison.Ordinal))
        {
            return true;
        }

        for (var i = 0; i + 1 < value.Length; i++)
        {
            if (value[i] is 'Ã' or 'Â' && value[i + 1] is >= '\u0080' and <= '\u00BF')
            {
                return true;
            }

            if (value[i] == 'â' && value[i + 1] is '€' or '\u0080')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Metres from a title or display text: "5,000 Meters", "2.95 Miles", "5K", "3200m".</summary>
    public static int? DistanceFromText(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var match = System.Text.RegularExpressions.Regex.Match(
            text, @"(\d+(?:,\d{3})*(?:\.\d+)?)\s*(miles?|mi\b|kilometers?|km|k\b|meters?|m\b)", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        if (!match.Success || !decimal.TryParse(match.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return null;
        }

        var unit = match.Groups[2].Value.ToLowerInvariant();
        var metres = unit.StartsWith("mi", StringComparison.Ordinal) ? number * 1609.344m
            : unit.StartsWith('k') ? number * 1000m
            : number;
        return (int)Math.Round(metres, MidpointRounding.AwayFromZero);
    }

    /// <summary>races.race_type from the scraper's label; unknown labels are 'other', never guessed.</summary>
    public static string RaceType(string? label, string title)
    {
        var text = (Text(label) ?? "").ToLowerInvariant();
        var titleText = title.ToLowerInvariant();
        if (titleText.Contains("non varsity", StringComparison.Ordinal) || titleText.Contains("non-varsity", StringComparison.Ordinal))
        {
            return "non_varsity";
        }

        return text switch
        {
            "varsity" => "varsity",
            "jv" or "junior varsity" => "jv",
            "frosh/soph" or "frosh-soph" or "frosh_soph" or "fs" => "frosh_soph",
            "non_varsity" or "non varsity" => "non_varsity",
            "frosh" or "freshman" or "freshmen" => "freshman",
            "sophomore" or "soph" => "sophomore",
            "reserves" or "reserve" => "reserves",
            "open" => "open",
            "novice" => "novice",
            _ => "other",
        };
    }
}
