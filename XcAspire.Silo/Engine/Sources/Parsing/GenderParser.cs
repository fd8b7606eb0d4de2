namespace XcAspire.Silo.Sources.Parsing;

/// <summary>
/// Gender ("M"/"F") from a division's gender code, or from whole words of a title. Never substring
/// tests: "Womens" contains "men", which is how the old scraper filed girls' races as boys'.
/// </summary>
public static class GenderParser
{
    private static readonly char[] WordSeparators = [' ', '-', '/', '(', ')', ',', '\'', '’', '.', ':', '\t'];

    /// <summary>Athletic.net's division <c>Gender</c> field: M/F (B/G and words accepted).</summary>
    public static string? FromCode(string? code) =>
        code?.Trim().ToUpperInvariant() switch
        {
            "M" or "B" or "BOYS" or "MEN" or "MENS" or "MALE" => "M",
            "F" or "W" or "G" or "GIRLS" or "WOMEN" or "WOMENS" or "FEMALE" => "F",
            _ => null,
        };

    /// <summary>From a title's words (Mens/Womens/Boys/Girls/Men/Women); null when none or both appear.</summary>
    public static string? FromTitle(string? title)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            return null;
        }

        string? found = null;
        foreach (var word in title.Split(WordSeparators, StringSplitOptions.RemoveEmptyEntries))
        {
            var gender = word.ToUpperInvariant() switch
            {
                "MENS" or "MEN" or "BOYS" or "BOY" or "MALE" => "M",
                "WOMENS" or "WOMEN" or "GIRLS" or "GIRL" or "FEMALE" => "F",
                _ => null,
            };
            if (gender is null)
            {
                continue;
            }

            if (found is not null && found != gender)
            {
                return null;
            }

            found = gender;
        }

        return found;
    }

    /// <summary>The site's title prefix for a gender, as the old scraper's titles read ("Mens 5,000 Meters Varsity").</summary>
    public static string TitlePrefix(string gender) => gender == "F" ? "Womens" : "Mens";
}
