using System.Text.Json;
using XcAspire.ServiceDefaults.Domain;
using XcAspire.Silo.Import.Files;
using XcAspire.Silo.MeetData;

namespace XcAspire.Silo.Import.Csv;

/// <summary>A meet folder's optional files: schools, venue, courses, and metadata.json (only compared).</summary>
internal static class FolderParts
{
    public static List<SchoolRecord> ReadSchools(ImportFolder files, List<string> warnings)
    {
        if (!files.Has("schools.csv"))
        {
            return [];
        }

        var schools = new List<SchoolRecord>();
        var lineOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in CsvFile.Read<SchoolRow>(files, "schools.csv"))
        {
            if (line.Row is { } row && Cells.Text(row.AthleticNetId) is { } key)
            {
                if (!lineOf.TryAdd(key, line.Line))
                {
                    warnings.Add($"schools.csv line {line.Line}: school {Cells.Quoted(key)} is already on line {lineOf[key]}; the first is used");
                    continue;
                }

                var (teamId, sourceKey) = SchoolIdentity(key);
                schools.Add(new SchoolRecord(Cells.Text(row.Name) ?? NameFromKey(key), teamId, sourceKey));
            }
        }

        return schools;
    }

    public static VenueRecord? ReadVenue(ImportFolder files)
    {
        if (!files.Has("venues.csv"))
        {
            return null;
        }

        var line = CsvFile.Read<VenueRow>(files, "venues.csv").FirstOrDefault(l => l.Row is not null && Cells.Text(l.Row.Name) is not null);
        if (line?.Row is not { } row)
        {
            return null;
        }

        MeetFolderReader.Refuse("venues.csv", line.Line, TextRules.NameProblem("column 'name'", Cells.Text(row.Name)));
        return new VenueRecord(row.Name.Trim(), Cells.Text(row.City), Cells.Text(row.State));
    }

    public static List<CourseRecord> ReadCourses(ImportFolder files, VenueRecord? venue, List<string> warnings)
    {
        if (!files.Has("courses.csv"))
        {
            return [];
        }

        var courses = new List<CourseRecord>();
        foreach (var line in CsvFile.Read<CourseRow>(files, "courses.csv"))
        {
            if (line.Row is not { } row || Cells.Text(row.Name) is not { } name)
            {
                warnings.Add($"courses.csv line {line.Line}: {line.Error ?? "no course name"}; course skipped");
                continue;
            }

            MeetFolderReader.Refuse(
                "courses.csv", line.Line, TextRules.NameProblem("column 'name'", name) ?? TextRules.NameProblem("column 'venue_name'", Cells.Text(row.VenueName)));
            var distance = Cells.TryInt(row.DistanceMeters, out var metres) && metres > 0 ? metres : Cells.DistanceFromText(row.DistanceDisplay) ?? Cells.DistanceFromText(name);
            if (distance is null)
            {
                warnings.Add($"courses.csv line {line.Line}: course {Cells.Quoted(name)} has no usable distance; skipped");
                continue;
            }

            // The retired 1–10 scale (the scraper's default 5.0) is not a pace multiplier: unrated.
            decimal? difficulty = Cells.TryDecimal(row.DifficultyRating, out var rating) && DifficultyRating.IsPaceMultiplier(rating) ? rating : null;
            if (difficulty is null && Cells.Text(row.DifficultyRating) is { } given)
            {
                warnings.Add($"courses.csv line {line.Line}: difficulty {Cells.Quoted(given)} of {Cells.Quoted(name)} is not a pace multiplier ({DifficultyRating.Range}); left unrated");
            }

            courses.Add(new CourseRecord(name, Cells.Text(row.VenueName) ?? venue?.Name ?? "Unknown Venue", distance.Value, Cells.Text(row.DistanceDisplay), difficulty));
        }

        return courses;
    }

    public static void CheckMetadata(ImportFolder files, int races, int rows, List<string> warnings)
    {
        if (!files.Has("metadata.json"))
        {
            return;
        }

        try
        {
            using var stream = files.Open("metadata.json");
            using var document = JsonDocument.Parse(stream);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                warnings.Add("metadata.json is not a JSON object; ignored");
                return;
            }

            if (root.TryGetProperty("total_results", out var total) && total.TryGetInt32(out var expected) && expected != rows)
            {
                warnings.Add($"metadata.json says {expected} results, the results files hold {rows} rows (hand-edited folder?)");
            }

            if (root.TryGetProperty("total_races", out var totalRaces) && totalRaces.TryGetInt32(out var expectedRaces) && expectedRaces != races)
            {
                warnings.Add($"metadata.json says {expectedRaces} races, races.csv holds {races}");
            }
        }
        catch (FileRefusedException e)
        {
            throw new MeetFolderException(e.Message, e);
        }
        catch (JsonException)
        {
            warnings.Add("metadata.json is not valid JSON; ignored");
        }
    }

    /// <summary>A numeric key is a real Athletic.net team id; anything else is the scraper's synthetic key.</summary>
    public static (string? TeamId, string? SourceKey) SchoolIdentity(string key) =>
        key.All(char.IsAsciiDigit) ? (key, null) : (null, key);

    /// <summary>'school_st._margaret's' → "st. margaret's": the display name when schools.csv is absent.</summary>
    public static string NameFromKey(string key)
    {
        var name = key.StartsWith("school_", StringComparison.Ordinal) ? key["school_".Length..] : key;
        name = name.Replace('_', ' ').Trim();
        return name.Length > 0 ? name : key;
    }
}
