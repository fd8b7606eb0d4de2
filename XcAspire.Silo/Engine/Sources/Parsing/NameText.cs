namespace XcAspire.Silo.Sources.Parsing;

/// <summary>Athlete names kept exactly as the source gives them; damaged text is flagged, not repaired.</summary>
public static class NameText
{
    // UTF-8 read as Latin-1 leaves "Ã"/"Â" followed by a C1-range character ("JosÃ©"), or "â€" ("â€™").
    private static bool LooksLikeMojibake(string name)
    {
        for (var i = 0; i < name.Length - 1; i++)
        {
            var next = name[i + 1];
            if ((name[i] is 'Ã' or 'Â' && next is >= '\u0080' and <= '\u00BF') || (name[i] == 'â' && next == '€'))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The display name: first and last joined by one space, each exactly as given.</summary>
    public static string? FullName(string? first, string? last)
    {
        var hasFirst = !string.IsNullOrWhiteSpace(first);
        var hasLast = !string.IsNullOrWhiteSpace(last);
        return (hasFirst, hasLast) switch
        {
            (true, true) => $"{first} {last}",
            (true, false) => first,
            (false, true) => last,
            _ => null,
        };
    }

    public static bool NeedsReview(string name) =>
        name.Contains('\uFFFD', StringComparison.Ordinal)
        || LooksLikeMojibake(name);
}
