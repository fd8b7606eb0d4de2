using System.Globalization;

namespace XcAspire.Silo.Sources.Parsing;

/// <summary>
/// A grade from whatever the source wrote ("12", "Gr. 11", "Yr: 9", "-", null): the digits only.
/// Unknown stays null, never defaulted to 12 (the old CSVs could not tell a missing grade from a senior).
/// </summary>
public static class GradeParser
{
    public static int? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var digits = new string(text.Where(char.IsAsciiDigit).ToArray());
        if (digits.Length is 0 or > 2)
        {
            return null;
        }

        var grade = int.Parse(digits, CultureInfo.InvariantCulture);
        // 0 and the rankings' 99 are "unknown" markers, not grades; 13 is a post-graduate year.
        return grade is >= 1 and <= 13 ? grade : null;
    }
}
