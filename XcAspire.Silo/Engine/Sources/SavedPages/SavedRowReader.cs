using System.Globalization;
using System.Text.RegularExpressions;
using XcAspire.Silo.MeetData;
using XcAspire.Silo.Sources.Parsing;

namespace XcAspire.Silo.Sources.SavedPages;

/// <summary>
/// One <c>div[class*="result-row"]</c>: place, optional initials, name, school, time, then free text
/// ("PR • Yr: 12"). Rows the old scraper dropped without a word are rejected here with their reason.
/// </summary>
internal static partial class SavedRowReader
{
    [GeneratedRegex(@"\bYr:\s*(?<grade>\d+)", RegexOptions.IgnoreCase)]
    private static partial Regex YearLine();

    public static void Read(IReadOnlyList<string> lines, string raceId, SourceRow source, List<ResultRecord> results, List<RejectedRow> rejected)
    {
        var raw = string.Join(" | ", lines);
        if (lines.Count < 4)
        {
            rejected.Add(new RejectedRow(source, raceId, $"the row has {lines.Count} lines; place, name, school and time are needed", raw));
            return;
        }

        int? place = null;
        if (int.TryParse(lines[0].TrimEnd('.'), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            place = number > 0 ? number : null;
        }
        else if (lines[0] is not ("-" or "–" or "—"))
        {
            rejected.Add(new RejectedRow(source, raceId, $"place '{lines[0]}' is not a number", raw));
            return;
        }

        // The avatar's initials are optional; any length of capitals (accented too) counts, so a one-letter
        // or accented avatar no longer shifts the name into the time column.
        var index = lines.Count >= 5 && IsInitials(lines[1]) ? 2 : 1;

        var name = lines[index];
        var school = lines[index + 1];
        var time = TimeParser.Parse(lines[index + 2], sortValue: null);
        if (!time.IsValid)
        {
            rejected.Add(new RejectedRow(source, raceId, $"'{name}': {time.Error}", raw));
            return;
        }

        var grade = lines.Skip(index + 3).Select(l => YearLine().Match(l)).FirstOrDefault(m => m.Success) is { } match
            ? GradeParser.Parse(match.Groups["grade"].Value)
            : null;
        results.Add(new ResultRecord(
            source,
            raceId,
            name,
            FirstName: null,
            LastName: null,
            AthleticNetAthleteId: null,
            school,
            AthleticNetTeamId: null,
            SchoolKey(school),
            grade,
            time.TimeCs,
            time.Status,
            place,
            SourceResultId: null,
            NameText.NeedsReview(name)));
    }

    /// <summary>The old scraper's synthetic school key, so schools from pages match those of its CSV folders.</summary>
    public static string SchoolKey(string school) => "school_" + school.Trim().ToLowerInvariant().Replace(' ', '_');

    private static bool IsInitials(string line) =>
        line.Length is >= 1 and <= 3 && line.All(char.IsUpper);
}
