using System.Globalization;
using System.Text.RegularExpressions;
using XcAspire.Silo.Import.Files;
using XcAspire.Silo.MeetData;
using XcAspire.Silo.Sources.Parsing;

namespace XcAspire.Silo.Sources.SavedPages;

/// <summary>
/// A folder of result pages saved from a browser (<c>*.html</c>), read into a <see cref="MeetSnapshot"/>:
/// for when the API refuses us but a person can still open the pages. One page per race; a meet page
/// without rows may add the meet's name and date.
/// </summary>
public static partial class SavedPagesReader
{
    [GeneratedRegex(@"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?\s+(?<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(?<day>\d{1,2}),\s+(?<year>\d{4})")]
    private static partial Regex MeetDate();

    /// <summary>
    /// The most a folder's pages may hold together: a saved results page is a few MB at most, and a
    /// meet's pages well under this. Each page is read only as <see cref="ImportFolder"/> allows (a regular
    /// file really inside <paramref name="root"/>; the folder itself when none is given).
    /// </summary>
    public const long MaxFolderBytes = 64L * 1024 * 1024;

    public static MeetSnapshot ReadFolder(string folder, string? meetId = null, string? root = null)
    {
        var files = new ImportFolder(folder, root ?? folder, MaxFolderBytes);
        if (!files.Exists)
        {
            throw new SavedPagesException($"The folder '{files.Name}' does not exist.");
        }

        var pages = files.Names("*")
            .Where(f => f.EndsWith(".html", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".htm", StringComparison.OrdinalIgnoreCase))
            .Select(f => Load(files, f))
            .ToList();
        if (pages.Count == 0)
        {
            throw new SavedPagesException($"The folder '{files.Name}' holds no saved pages (*.html).");
        }

        meetId ??= pages.Select(p => p.MeetId).FirstOrDefault(id => id is not null)
            ?? throw new SavedPagesException(
                $"None of the pages in '{files.Name}' says which meet it is from (no saved-from address or canonical link); give the meet id.");

        var warnings = new List<string>();
        var rejected = new List<RejectedRow>();
        var races = new List<RaceRows>();
        foreach (var page in pages.Where(p => p.Rows.Count > 0))
        {
            if (page.MeetId is { } pageMeet && pageMeet != meetId)
            {
                RejectPage(page, null, $"the page belongs to meet {pageMeet}, not {meetId}", rejected);
                continue;
            }

            if (ReadRace(page, races, rejected) is { } warning)
            {
                warnings.Add(warning);
            }
        }

        if (races.Count == 0 && rejected.Count == 0)
        {
            throw new SavedPagesException($"No page in '{files.Name}' has result rows (div[class*=\"result-row\"]): save each race's results page.");
        }

        var date = pages.Select(FindDate).FirstOrDefault(d => d is not null)
            ?? throw new SavedPagesException($"No page in '{files.Name}' shows the meet's date (like \"Sat, Sep 20, 2025\"); save the pages with their header.");
        var name = pages.Select(p => p.MeetName).FirstOrDefault(n => !string.IsNullOrEmpty(n)) ?? $"Meet {meetId}";
        warnings.Add("Saved pages name no venue: choose it in the import wizard.");
        var meet = new MeetRecord(meetId, name, date, date.Year, VenueName: null, MeetType: null);
        return MeetSnapshotAssembler.Assemble(new MeetMetadata(meet, null, [], warnings), races, rejected);
    }

    private static SavedPage Load(ImportFolder files, string file)
    {
        try
        {
            using var stream = files.Open(file);
            return SavedPage.Load(stream, file);
        }
        catch (FileRefusedException e)
        {
            throw new SavedPagesException(e.Message);
        }
    }

    private static string? ReadRace(SavedPage page, List<RaceRows> races, List<RejectedRow> rejected)
    {
        if (page.RaceId is not { } raceId)
        {
            RejectPage(page, null, "the page's race id is unknown (no /results/<id> address and no number in the file name)", rejected);
            return null;
        }

        if (races.Any(r => r.Race.AthleticNetRaceId == raceId))
        {
            RejectPage(page, raceId, $"race {raceId} was already read from another page of this folder", rejected);
            return $"Race {raceId} is saved twice; {page.File} was not read again.";
        }

        var title = page.RaceTitle();
        var gender = GenderParser.FromTitle(title);
        var meters = DistanceParser.FromText(title);
        if (title is null || gender is null || meters is null)
        {
            var problem = title is null ? "no race title (a line with a distance and Mens/Womens)" : $"the title '{title}' names no {(gender is null ? "gender" : "distance")}";
            RejectPage(page, raceId, $"race {raceId}: {problem}", rejected);
            return null;
        }

        var race = new RaceRecord(raceId, title, gender, meters.Value, RaceTypeParser.Classify(title), CourseName: null);
        var results = new List<ResultRecord>();
        var rowsRejected = new List<RejectedRow>();
        var line = 0;
        foreach (var row in page.Rows)
        {
            SavedRowReader.Read(SavedPage.Lines(row), raceId, new SourceRow(page.File, ++line), results, rowsRejected);
        }

        races.Add(new RaceRows(race, results, rowsRejected, [], RaceRowsOrigin.SavedPage));
        return null;
    }

    private static void RejectPage(SavedPage page, string? raceId, string reason, List<RejectedRow> rejected)
    {
        var line = 0;
        foreach (var row in page.Rows)
        {
            rejected.Add(new RejectedRow(new SourceRow(page.File, ++line), raceId, reason, string.Join(" | ", SavedPage.Lines(row))));
        }
    }

    private static DateOnly? FindDate(SavedPage page)
    {
        foreach (var line in page.Document.Body is null ? [] : SavedPage.Lines(page.Document.Body).Take(80))
        {
            var match = MeetDate().Match(line);
            if (match.Success && DateOnly.TryParseExact(
                    $"{match.Groups["year"].Value} {match.Groups["month"].Value} {match.Groups["day"].Value}",
                    "yyyy MMM d",
                    CultureInfo.InvariantCulture,
                    DateTimeStyles.None,
                    out var date))
            {
                return date;
            }
        }

        return null;
    }
}
