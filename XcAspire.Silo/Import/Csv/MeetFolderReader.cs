using System.Text.Json;
using System.Text.RegularExpressions;
using XcAspire.ServiceDefaults.Domain;
using XcAspire.Silo.MeetData;

namespace XcAspire.Silo.Import.Csv;

/// <summary>
/// Reads a meet folder in the seed's layout (product.md §7) into a <see cref="MeetSnapshot"/>.
/// Required: meets.csv, races.csv and results (results.csv, else split results_NNN.csv, else
/// results_race_&lt;id&gt;.csv — one layout only, never two, since the split files repeat results.csv).
/// Optional, with defaults: schools.csv (names from the synthetic key), venues.csv (the meet's
/// venue_name), courses.csv (one course per race distance, unrated), athletes.csv, metadata.json.
/// Every result row ends either in <see cref="MeetSnapshot.Results"/> or in
/// <see cref="MeetSnapshot.Rejected"/> with its reason.
/// </summary>
public static partial class MeetFolderReader
{
    /// <summary>
    /// The most races a meet folder may hold. The largest real meets run about a hundred; a folder with
    /// thousands is a broken export, and as one job it would hold the silos for the better part of an
    /// hour (every race is a grain of its own). It is refused whole, before anything is written.
    /// </summary>
    public const int MaxRaces = 1_000;

    public static MeetSnapshot Read(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new MeetFolderException($"{folder}: the meet folder does not exist");
        }

        var warnings = new List<string>();
        var meet = ReadMeet(folder, warnings);
        var races = ReadRaces(folder, warnings);
        var schools = ReadSchools(folder);
        var venue = ReadVenue(folder) ?? (meet.VenueName is { } venueName ? new VenueRecord(venueName, null, null) : null);
        if (venue is not null && meet.VenueName is null)
        {
            meet = meet with { VenueName = venue.Name };
        }

        var courses = ReadCourses(folder, venue, warnings);
        var rejected = new List<RejectedRow>();
        var results = new List<ResultRecord>();
        var racesById = races.ToDictionary(r => r.AthleticNetRaceId, StringComparer.Ordinal);
        var schoolNames = schools.ToDictionary(s => s.SourceKey ?? s.AthleticNetTeamId ?? s.Name, s => s.Name, StringComparer.Ordinal);
        foreach (var file in ResultFiles(folder, warnings))
        {
            ReadResults(file, racesById, schoolNames, results, rejected);
        }

        CheckMetadata(folder, races.Count, results.Count + rejected.Count, warnings);
        return new MeetSnapshot(meet, venue, courses, races, schools, results, rejected, warnings);
    }

    private static string Required(string folder, string file) =>
        Path.Combine(folder, file) is var path && File.Exists(path)
            ? path
            : throw new MeetFolderException($"{file}: required file is missing from {Path.GetFileName(Path.TrimEndingDirectorySeparator(folder))}");

    private static string? Optional(string folder, string file) => Path.Combine(folder, file) is var path && File.Exists(path) ? path : null;

    private static MeetRecord ReadMeet(string folder, List<string> warnings)
    {
        var lines = CsvFile.Read<MeetRow>(Required(folder, "meets.csv"));
        var line = lines.FirstOrDefault(l => l.Row is not null)
            ?? throw new MeetFolderException("meets.csv: no meet row (a placeholder folder for a meet without results?)");
        var row = line.Row!;
        var id = Cells.Text(row.AthleticNetId);
        if (id is null || !id.All(char.IsAsciiDigit))
        {
            throw new MeetFolderException($"meets.csv line {line.Line}: column 'athletic_net_id' must be the meet's numeric id, got '{row.AthleticNetId}'");
        }

        var name = Cells.Text(row.Name) ?? throw new MeetFolderException($"meets.csv line {line.Line}: column 'name' is empty");
        if (!Cells.TryDate(row.MeetDate, out var date))
        {
            throw new MeetFolderException($"meets.csv line {line.Line}: column 'meet_date' is not a date: '{row.MeetDate}'");
        }

        var season = Cells.TryInt(row.SeasonYear, out var year) && year is >= 1966 and <= 2100 ? year : date.Year;
        var meetType = Cells.Text(row.MeetType)?.ToLowerInvariant();
        if (meetType is not null and not ("invitational" or "dual" or "league" or "championship" or "scrimmage"))
        {
            warnings.Add($"meets.csv: meet_type '{row.MeetType}' is not a known type; left empty");
            meetType = null;
        }

        if (lines.Count > 1)
        {
            warnings.Add($"meets.csv: {lines.Count} rows; the first is the meet, the rest are ignored");
        }

        return new MeetRecord(id, name, date, season, Cells.Text(row.VenueName), meetType);
    }

    private static List<RaceRecord> ReadRaces(string folder, List<string> warnings)
    {
        var races = new List<RaceRecord>();
        foreach (var line in CsvFile.Read<RaceRow>(Required(folder, "races.csv")))
        {
            if (line.Row is not { } row)
            {
                warnings.Add($"races.csv line {line.Line}: {line.Error}; race skipped, its results are rejected");
                continue;
            }

            var id = Cells.Text(row.AthleticNetRaceId);
            if (id is null || !id.All(char.IsAsciiDigit))
            {
                warnings.Add($"races.csv line {line.Line}: athletic_net_race_id '{row.AthleticNetRaceId}' is not a race id; race skipped");
                continue;
            }

            var title = Cells.Text(row.Name) ?? $"Race {id}";
            var distance = Cells.TryInt(row.DistanceMeters, out var metres) && metres > 0 ? metres : Cells.DistanceFromText(title) ?? 0;
            if (distance != metres)
            {
                warnings.Add($"races.csv line {line.Line}: distance_meters '{row.DistanceMeters}' unusable; {distance} m taken from the title");
            }

            races.Add(new RaceRecord(id, title, (Cells.Text(row.Gender) ?? "").ToUpperInvariant(), distance, Cells.RaceType(row.RaceType, title), Cells.Text(row.CourseName)));
        }

        if (races.Count > MaxRaces)
        {
            throw new MeetFolderException(string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"races.csv: {races.Count:N0} races; a meet folder may hold at most {MaxRaces:N0}, so nothing of it is imported"));
        }

        return races;
    }

    private static List<SchoolRecord> ReadSchools(string folder)
    {
        if (Optional(folder, "schools.csv") is not { } path)
        {
            return [];
        }

        var schools = new List<SchoolRecord>();
        foreach (var line in CsvFile.Read<SchoolRow>(path))
        {
            if (line.Row is { } row && Cells.Text(row.AthleticNetId) is { } key)
            {
                var (teamId, sourceKey) = SchoolIdentity(key);
                schools.Add(new SchoolRecord(Cells.Text(row.Name) ?? NameFromKey(key), teamId, sourceKey));
            }
        }

        return schools;
    }

    private static VenueRecord? ReadVenue(string folder)
    {
        if (Optional(folder, "venues.csv") is not { } path)
        {
            return null;
        }

        var row = CsvFile.Read<VenueRow>(path).Select(l => l.Row).FirstOrDefault(r => r is not null && Cells.Text(r.Name) is not null);
        return row is null ? null : new VenueRecord(row.Name.Trim(), Cells.Text(row.City), Cells.Text(row.State));
    }

    private static List<CourseRecord> ReadCourses(string folder, VenueRecord? venue, List<string> warnings)
    {
        if (Optional(folder, "courses.csv") is not { } path)
        {
            return [];
        }

        var courses = new List<CourseRecord>();
        foreach (var line in CsvFile.Read<CourseRow>(path))
        {
            if (line.Row is not { } row || Cells.Text(row.Name) is not { } name)
            {
                warnings.Add($"courses.csv line {line.Line}: {line.Error ?? "no course name"}; course skipped");
                continue;
            }

            var distance = Cells.TryInt(row.DistanceMeters, out var metres) && metres > 0 ? metres : Cells.DistanceFromText(row.DistanceDisplay) ?? Cells.DistanceFromText(name);
            if (distance is null)
            {
                warnings.Add($"courses.csv line {line.Line}: course '{name}' has no usable distance; skipped");
                continue;
            }

            // The retired 1–10 scale (the scraper's default 5.0) is not a pace multiplier: unrated.
            decimal? difficulty = Cells.TryDecimal(row.DifficultyRating, out var rating) && DifficultyRating.IsPaceMultiplier(rating) ? rating : null;
            if (difficulty is null && Cells.Text(row.DifficultyRating) is { } given)
            {
                warnings.Add($"courses.csv line {line.Line}: difficulty '{given}' of '{name}' is not a pace multiplier ({DifficultyRating.Range}); left unrated");
            }

            courses.Add(new CourseRecord(name, Cells.Text(row.VenueName) ?? venue?.Name ?? "Unknown Venue", distance.Value, Cells.Text(row.DistanceDisplay), difficulty));
        }

        return courses;
    }

    private static List<string> ResultFiles(string folder, List<string> warnings)
    {
        var files = Directory.GetFiles(folder, "*.csv").Select(Path.GetFileName).OfType<string>().ToList();
        var split = files.Where(f => SplitFile().IsMatch(f)).Order(StringComparer.Ordinal).ToList();
        var perRace = files.Where(f => PerRaceFile().IsMatch(f)).Order(StringComparer.Ordinal).ToList();
        if (files.Contains("results.csv"))
        {
            if (split.Count + perRace.Count > 0)
            {
                warnings.Add($"results.csv read; {split.Count + perRace.Count} split results files ignored (they repeat its rows)");
            }

            return [Path.Combine(folder, "results.csv")];
        }

        if (split.Count > 0)
        {
            if (perRace.Count > 0)
            {
                warnings.Add($"split results files read; {perRace.Count} results_race_*.csv files ignored");
            }

            return split.Select(f => Path.Combine(folder, f)).ToList();
        }

        return perRace.Count > 0
            ? perRace.Select(f => Path.Combine(folder, f)).ToList()
            : throw new MeetFolderException("results.csv: required file is missing (no results.csv, results_NNN.csv or results_race_<id>.csv)");
    }

    private static void ReadResults(
        string path, Dictionary<string, RaceRecord> races, Dictionary<string, string> schoolNames, List<ResultRecord> results, List<RejectedRow> rejected)
    {
        var file = Path.GetFileName(path);
        foreach (var line in CsvFile.Read<ResultRow>(path))
        {
            var source = new SourceRow(file, line.Line);
            if (line.Row is not { } row)
            {
                rejected.Add(new RejectedRow(source, null, line.Error!, line.Raw));
                continue;
            }

            var raceId = Cells.Text(row.AthleticNetRaceId);
            var knownRace = raceId is not null && races.ContainsKey(raceId) ? raceId : null;
            string? reason = null;
            var name = Cells.Text(row.AthleteName);
            var schoolKey = Cells.Text(row.SchoolId);
            int? grade = Cells.TryInt(row.Grade, out var g) ? g : null;
            if (knownRace is null)
            {
                reason = $"race '{row.AthleticNetRaceId}' is not in races.csv";
            }
            else if (name is null)
            {
                reason = "athlete_name is empty";
            }
            else if (schoolKey is null)
            {
                reason = "athlete_school_id is empty";
            }
            else if (!Cells.TryTime(row.TimeCs, out _, out _))
            {
                reason = $"time_cs '{row.TimeCs}' is not a time";
            }
            else if (grade is null && Cells.Text(row.Grade) is { } badGrade)
            {
                reason = $"grade '{badGrade}' is not a number";
            }

            if (reason is not null)
            {
                rejected.Add(new RejectedRow(source, knownRace, reason, line.Raw));
                continue;
            }

            Cells.TryTime(row.TimeCs, out var timeCs, out var status);
            var (teamId, sourceKey) = SchoolIdentity(schoolKey!);
            var schoolName = schoolNames.TryGetValue(schoolKey!, out var known) ? known : NameFromKey(schoolKey!);
            int? place = Cells.TryInt(row.Place, out var p) && p > 0 ? p : null;
            var damaged = Cells.LooksDamaged(name!);
            results.Add(new ResultRecord(
                source, knownRace!, name!, Cells.Text(row.FirstName), Cells.Text(row.LastName), null, schoolName, teamId, sourceKey,
                grade, timeCs, status, place, null, damaged || Cells.Bool(row.NeedsReview)));
        }
    }

    /// <summary>A numeric key is a real Athletic.net team id; anything else is the scraper's synthetic key.</summary>
    private static (string? TeamId, string? SourceKey) SchoolIdentity(string key) =>
        key.All(char.IsAsciiDigit) ? (key, null) : (null, key);

    /// <summary>'school_st._margaret's' → "st. margaret's": the display name when schools.csv is absent.</summary>
    private static string NameFromKey(string key)
    {
        var name = key.StartsWith("school_", StringComparison.Ordinal) ? key["school_".Length..] : key;
        name = name.Replace('_', ' ').Trim();
        return name.Length > 0 ? name : key;
    }

    private static void CheckMetadata(string folder, int races, int rows, List<string> warnings)
    {
        if (Optional(folder, "metadata.json") is not { } path)
        {
            return;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            if (root.TryGetProperty("total_results", out var total) && total.TryGetInt32(out var expected) && expected != rows)
            {
                warnings.Add($"metadata.json says {expected} results, the results files hold {rows} rows (hand-edited folder?)");
            }

            if (root.TryGetProperty("total_races", out var totalRaces) && totalRaces.TryGetInt32(out var expectedRaces) && expectedRaces != races)
            {
                warnings.Add($"metadata.json says {expectedRaces} races, races.csv holds {races}");
            }
        }
        catch (JsonException e)
        {
            warnings.Add($"metadata.json is not valid JSON ({e.Message}); ignored");
        }
    }

    [GeneratedRegex(@"^results_\d+\.csv$")]
    private static partial Regex SplitFile();

    [GeneratedRegex(@"^results_race_\d+\.csv$")]
    private static partial Regex PerRaceFile();
}
