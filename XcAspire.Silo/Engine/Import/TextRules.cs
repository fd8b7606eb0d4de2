using System.Globalization;

namespace XcAspire.Silo.Import;

/// <summary>
/// The text an import stores, checked before PostgreSQL sees it: a value that breaks a rule rejects its
/// row (or, for a meet-level value, its race or folder) with the reason, instead of failing a race's
/// transaction on an index size limit.
/// <list type="bullet">
/// <item>Names (athletes, schools, meets, races, venues, courses) are at most <see cref="MaxNameLength"/> characters.</item>
/// <item>Ids and keys (Athletic.net ids, the scraper's <c>school_…</c> keys) are at most <see cref="MaxKeyLength"/>.</item>
/// <item>No NUL characters (PostgreSQL text cannot hold them).</item>
/// <item>
/// No name that starts like a spreadsheet formula (<c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, or the same behind
/// the apostrophe an export puts in front of one): stored, it would run as a formula in whatever
/// spreadsheet opens a later export (CSV injection). No real runner, school or meet is named that way,
/// so such a value is refused like a formula in a time or a place, never stored as text.
/// </item>
/// </list>
/// </summary>
public static class TextRules
{
    /// <summary>
    /// The longest name stored. Real ones stay under 80 characters; 200 leaves room for every real one and
    /// keeps each far inside PostgreSQL's limit for an index entry (2,704 bytes; a name is in several).
    /// </summary>
    public const int MaxNameLength = 200;

    /// <summary>The longest id or key stored (a school key is "school_" and the school's name).</summary>
    public const int MaxKeyLength = 255;

    /// <summary>Why a name cannot be stored, or null; <paramref name="what"/> names it as the reader knows it ("athlete_name").</summary>
    public static string? NameProblem(string what, string? value)
    {
        if (KeyProblem(what, value, MaxNameLength) is { } problem)
        {
            return problem;
        }

        return value is not null && LooksLikeFormula(value)
            ? $"{what} '{Shorten(value)}' starts like a spreadsheet formula ({value.TrimStart()[0]}); such names are not stored"
            : null;
    }

    /// <summary>Why an id or key cannot be stored, or null.</summary>
    public static string? KeyProblem(string what, string? value, int maxLength = MaxKeyLength) =>
        value is null ? null
        : value.Length > maxLength ? string.Create(CultureInfo.InvariantCulture, $"{what} is {value.Length:N0} characters long; at most {maxLength} are stored")
        : value.Contains('\0', StringComparison.Ordinal) ? $"{what} contains a NUL character"
        : null;

    /// <summary>A cell a spreadsheet would run: one starting with =, +, -, @ (OWASP's list), or with ' and then one of them.</summary>
    public static bool LooksLikeFormula(string value)
    {
        var text = value.AsSpan().TrimStart();
        if (text.Length > 1 && text[0] == '\'')
        {
            text = text[1..];
        }

        return text.Length > 0 && text[0] is '=' or '+' or '-' or '@';
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
