namespace XcAspire.Silo.Sources.Parsing;

/// <summary>
/// A race's type (the races.race_type values) from its division or title. Checked most specific first,
/// on whole words: "Non Varsity" and "Junior Varsity" contain "Varsity" but are not varsity races.
/// </summary>
public static class RaceTypeParser
{
    private static readonly char[] Separators = [' ', '-', '/', '(', ')', ',', '.', ':', '&', '+', '\t'];

    public static string Parse(string? division, string? title)
    {
        // The division field is the cleaner signal; the title also carries distance and gender words.
        var fromDivision = Classify(division);
        return fromDivision != "other" ? fromDivision : Classify(title);
    }

    public static string Classify(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "other";
        }

        var lower = text.ToLowerInvariant();
        var words = lower.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
        bool Has(params string[] any) => words.Any(any.Contains);
        bool HasPair(string first, string second) =>
            words.Zip(words.Skip(1)).Any(p => p.First == first && p.Second == second);

        if (HasPair("non", "varsity") || Has("nonvarsity"))
        {
            return "non_varsity";
        }

        if (HasPair("junior", "varsity") || Has("jv"))
        {
            return "jv";
        }

        if ((Has("frosh", "freshman", "freshmen") && Has("soph", "sophomore", "sophomores"))
            || Has("fs") || HasPair("f", "s") || lower.Contains("frosh/soph", StringComparison.Ordinal))
        {
            return "frosh_soph";
        }

        if (Has("frosh", "freshman", "freshmen"))
        {
            return "freshman";
        }

        if (Has("soph", "sophomore", "sophomores"))
        {
            return "sophomore";
        }

        if (Has("reserve", "reserves"))
        {
            return "reserves";
        }

        if (Has("novice", "novices"))
        {
            return "novice";
        }

        if (Has("open"))
        {
            return "open";
        }

        return Has("varsity") ? "varsity" : "other";
    }
}
