using System.Text;

namespace XcAspire.Silo.Import.Names;

/// <summary>
/// The folded forms that matching compares (product.md §3.2): case, accents and punctuation folded,
/// so "José O'Neil-Díaz", "JOSE ONEIL DIAZ" and "Jose O’Neil Diaz" meet. Done in C# before the rows
/// are copied to PostgreSQL, so the set-based SQL compares plain columns.
/// </summary>
public static class NameFolding
{
    private static readonly HashSet<string> Suffixes = ["jr", "sr", "ii", "iii", "iv", "v"];

    /// <summary>Lower case, accents transliterated, apostrophes and periods dropped, other punctuation to spaces.</summary>
    public static string Fold(string value)
    {
        var builder = new StringBuilder(value.Length);
        var pendingSpace = false;
        foreach (var c in value)
        {
            if (c is '\'' or '’' or '‘' or '`' or '´' or '.')
            {
                continue;
            }

            var folded = Transliteration.Fold(char.ToLowerInvariant(c));
            if (folded.Length == 1 && !char.IsLetterOrDigit(folded[0]) && folded[0] != '\uFFFD')
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(folded);
        }

        return builder.ToString();
    }

    /// <summary>
    /// First and last name only, folded: middle names, dotted initials, nicknames in parentheses and
    /// suffixes (Jr, III) dropped. "Runner A. Middle" and "Runner Middle" give the same base name.
    /// </summary>
    public static string BaseName(string fullName)
    {
        var withoutNicknames = StripParentheses(fullName);
        var tokens = Fold(withoutNicknames).Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        while (tokens.Count > 2 && Suffixes.Contains(tokens[^1]))
        {
            tokens.RemoveAt(tokens.Count - 1);
        }

        return tokens.Count switch
        {
            0 => Fold(fullName),
            1 => tokens[0],
            _ => tokens[0] + " " + tokens[^1],
        };
    }

    /// <summary>A school name as matching compares it: case, accents, apostrophes and periods folded.</summary>
    public static string SchoolKey(string schoolName)
    {
        var folded = Fold(schoolName.Replace("&", " and ", StringComparison.Ordinal));
        return folded.Length > 0 ? folded : schoolName.Trim().ToLowerInvariant();
    }

    /// <summary>A slug from the full name: transliterated, lower case, runs of anything else as one '-'.</summary>
    public static string Slug(string fullName)
    {
        var folded = Fold(fullName);
        var builder = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        var slug = builder.ToString().Trim('-');
        return slug.Length > 0 ? slug : "athlete";
    }

    private static string StripParentheses(string value)
    {
        var builder = new StringBuilder(value.Length);
        var depth = 0;
        foreach (var c in value)
        {
            if (c == '(')
            {
                depth++;
            }
            else if (c == ')' && depth > 0)
            {
                depth--;
            }
            else if (depth == 0)
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
