using System.Globalization;
using System.Text.RegularExpressions;

namespace XcAspire.Silo.Sources.Parsing;

/// <summary>
/// A race distance in metres: Athletic.net's <c>Meters</c> field when it is given, else the distance
/// written in the title (<c>5,000 Meters</c>, <c>2.95 Miles</c>, <c>5K</c>, <c>3200m</c>). Unknown stays
/// null; there is no default distance (the old scraper's 5000 hid wrong titles).
/// </summary>
public static partial class DistanceParser
{
    public const double MetersPerMile = 1609.344;

    // Thousands separators are part of the number: the old regex read "5,000 Meters" as 0 and "3,200" as 200.
    [GeneratedRegex(@"(?<n>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|\.\d+)\s*(?<u>miles?|mi|kilometers?|kilometres?|km|k|meters?|metres?|m)\b",
        RegexOptions.IgnoreCase)]
    private static partial Regex DistanceToken();

    public static int? Parse(int? metersField, string? text) =>
        metersField is > 0 ? metersField : FromText(text);

    public static int? FromText(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var match = DistanceToken().Match(text);
        if (!match.Success)
        {
            return null;
        }

        var number = double.Parse(match.Groups["n"].Value.Replace(",", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture);
        var unit = match.Groups["u"].Value.ToLowerInvariant();
        var meters = unit switch
        {
            // Truncated, as the site's existing races were stored (2.95 mi = 4747, 2 mi = 3218).
            "mile" or "miles" or "mi" => Math.Floor(number * MetersPerMile),
            "m" or "meter" or "meters" or "metre" or "metres" => number,
            _ => number * 1000,
        };
        return meters is >= 100 and <= 50000 ? (int)meters : null;
    }

    /// <summary>True when the text names a distance (used to find a race title on a saved page).</summary>
    public static bool ContainsDistance(string text) => DistanceToken().IsMatch(text);
}
