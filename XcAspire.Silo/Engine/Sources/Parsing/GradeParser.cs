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

        // The digits only, counted and read in one pass: every result row has a grade.
        var grade = 0;
        var digits = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                if (++digits > 2)
                {
                    return null;
                }

                grade = (grade * 10) + (c - '0');
            }
        }

        if (digits == 0)
        {
            return null;
        }

        // 0 and the rankings' 99 are "unknown" markers, not grades; 13 is a post-graduate year.
        return grade is >= 1 and <= 13 ? grade : null;
    }
}
