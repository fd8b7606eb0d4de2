using System.Globalization;
using System.Text.RegularExpressions;
using XcAspire.Silo.Import.Files;
using XcAspire.Silo.MeetData;

namespace XcAspire.Silo.Import.Csv;

/// <summary>
/// Reads a meet folder in the seed's layout (product.md §7) into a <see cref="MeetSnapshot"/>.
/// Required: meets.csv, races.csv and results (results.csv, else split results_NNN.csv, else
/// results_race_&lt;id&gt;.csv — one layout only, never two, since the split files repeat results.csv).
/// Optional, with defaults: schools.csv (names from the synthetic key), venues.csv (the meet's
/// venue_name), courses.csv (one course per race distance, unrated), athletes.csv, metadata.json.
/// A folder is one meet or it is refused: one meets.csv row, every race naming that meet, no race
/// twice. Every result row ends either in <see cref="MeetSnapshot.Results"/> or in
/// <see cref="MeetSnapshot.Rejected"/> with its reason. Files are read only as <see cref="ImportFolder"/>
/// allows (regular files inside the root) and within the limits below, so reading the largest folder
/// accepted takes a known amount of memory.
/// </summary>
public static partial class MeetFolderReader
{
    /// <summary>
    /// The most races a meet folder may hold. The largest real meets run about a hundred; a folder with
    /// thousands is a broken export, and as one job it would hold the silos for the better part of an
    /// hour (every race is a grain of its own). It is refused whole, before anything is written.
    /// </summary>
    public const int MaxRaces = 1_000;

    /// <summary>
    /// The most a meet folder's files may hold together. The largest real folder (Mt. SAC, 10,870 results)
    /// is under 2 MB; 32 MiB leaves room for any real meet and bounds what a read can take in.
    /// </summary>
    public const long MaxFolderBytes = 32L * 1024 * 1024;

    /// <summary>
    /// The most result rows (read or rejected) a meet folder may hold: over twice the largest real meet
    /// (10,870) and the 20,000-row benchmark meet. With <see cref="TextRules"/>' limits this is what bounds
    /// the memory a read (and the job it starts) takes.
    /// </summary>
    public const int MaxResultRows = 25_000;

    /// <summary>Reads a folder whose files must all really be inside the folder itself.</summary>
    public static MeetSnapshot Read(string folder) => Read(folder, folder);

    /// <summary>Reads a folder whose files must all really be inside <paramref name="root"/> (the data root).</summary>
    public static MeetSnapshot Read(string folder, string root)
    {
        var files = new ImportFolder(folder, root, MaxFolderBytes);
        if (!files.Exists)
        {
            throw new MeetFolderException($"{files.Name}: the meet folder does not exist");
        }

        var warnings = new List<string>();
        var meet = ReadMeet(files, warnings);
        var races = ReadRaces(files, meet.AthleticNetMeetId, warnings);
        var schools = FolderParts.ReadSchools(files, warnings);
        var venue = FolderParts.ReadVenue(files) ?? (meet.VenueName is { } venueName ? new VenueRecord(venueName, null, null) : null);
        if (venue is not null && meet.VenueName is null)
        {
            meet = meet with { VenueName = venue.Name };
        }

        var courses = FolderParts.ReadCourses(files, venue, warnings);
        var rows = new ResultRows(races, schools);
        foreach (var file in ResultFiles(files, warnings))
        {
            rows.Read(files, file);
        }

        FolderParts.CheckMetadata(files, races.Count, rows.Results.Count + rows.Rejected.Count, warnings);
        return new MeetSnapshot(meet, venue, courses, races, schools, rows.Results, rows.Rejected, warnings);
    }

    private static string Required(ImportFolder files, string file) =>
        files.Has(file) ? file : throw new MeetFolderException($"{file}: required file is missing from {files.Name}");

    private static MeetRecord ReadMeet(ImportFolder files, List<string> warnings)
    {
        var lines = CsvFile.Read<MeetRow>(files, Required(files, "meets.csv"));
        if (lines.Count == 0)
        {
            throw new MeetFolderException("meets.csv: no meet row (a placeholder folder for a meet without results?)");
        }

        if (lines.Count > 1)
        {
            throw new MeetFolderException(
                $"meets.csv: {lines.Count} rows (lines {string.Join(", ", lines.Take(5).Select(l => l.Line))}); a meet folder holds exactly one meet");
        }

        var line = lines[0];
        var row = line.Row ?? throw new MeetFolderException($"meets.csv line {line.Line}: {line.Error}");
        var id = Cells.Text(row.AthleticNetId);
        if (id is null || !id.All(char.IsAsciiDigit))
        {
            throw new MeetFolderException($"meets.csv line {line.Line}: column 'athletic_net_id' must be the meet's numeric id, got {Cells.Quoted(row.AthleticNetId)}");
        }

        var name = Cells.Text(row.Name) ?? throw new MeetFolderException($"meets.csv line {line.Line}: column 'name' is empty");
        Refuse("meets.csv", line.Line, TextRules.NameProblem("column 'name'", name) ?? TextRules.NameProblem("column 'venue_name'", Cells.Text(row.VenueName)));
        if (!Cells.TryDate(row.MeetDate, out var date))
        {
            throw new MeetFolderException($"meets.csv line {line.Line}: column 'meet_date' is not a date: {Cells.Quoted(row.MeetDate)}");
        }

        var season = Cells.TryInt(row.SeasonYear, out var year) && year is >= 1966 and <= 2100 ? year : date.Year;
        var meetType = Cells.Text(row.MeetType)?.ToLowerInvariant();
        if (meetType is not null and not ("invitational" or "dual" or "league" or "championship" or "scrimmage"))
        {
            warnings.Add($"meets.csv: meet_type {Cells.Quoted(row.MeetType)} is not a known type; left empty");
            meetType = null;
        }

        return new MeetRecord(id, name, date, season, Cells.Text(row.VenueName), meetType);
    }

    private static List<RaceRecord> ReadRaces(ImportFolder files, string meetId, List<string> warnings)
    {
        var races = new List<RaceRecord>();
        var lineOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in CsvFile.Read<RaceRow>(files, Required(files, "races.csv")))
        {
            if (line.Row is not { } row)
            {
                warnings.Add($"races.csv line {line.Line}: {line.Error}; race skipped, its results are rejected");
                continue;
            }

            var id = Cells.Text(row.AthleticNetRaceId);
            if (id is null || !id.All(char.IsAsciiDigit))
            {
                warnings.Add($"races.csv line {line.Line}: athletic_net_race_id {Cells.Quoted(row.AthleticNetRaceId)} is not a race id; race skipped");
                continue;
            }

            if (!SameId(row.MeetAthleticNetId, meetId))
            {
                throw new MeetFolderException(
                    $"races.csv line {line.Line}: meet_athletic_net_id {Cells.Quoted(row.MeetAthleticNetId)} is not meet {meetId} of meets.csv; " +
                    "every race of a folder belongs to its one meet");
            }

            if (!lineOf.TryAdd(id, line.Line))
            {
                throw new MeetFolderException($"races.csv line {line.Line}: race {id} is already on line {lineOf[id]}; a race is listed once");
            }

            var title = Cells.Text(row.Name) ?? $"Race {id}";
            Refuse("races.csv", line.Line, TextRules.NameProblem("column 'name'", title) ?? TextRules.NameProblem("column 'course_name'", Cells.Text(row.CourseName)));
            var distance = Cells.TryInt(row.DistanceMeters, out var metres) && metres > 0 ? metres : Cells.DistanceFromText(title) ?? 0;
            if (distance != metres)
            {
                warnings.Add($"races.csv line {line.Line}: distance_meters {Cells.Quoted(row.DistanceMeters)} unusable; {distance} m taken from the title");
            }

            races.Add(new RaceRecord(id, title, (Cells.Text(row.Gender) ?? "").ToUpperInvariant(), distance, Cells.RaceType(row.RaceType, title), Cells.Text(row.CourseName)));
        }

        if (races.Count > MaxRaces)
        {
            throw new MeetFolderException(string.Create(
                CultureInfo.InvariantCulture,
                $"races.csv: {races.Count:N0} races; a meet folder may hold at most {MaxRaces:N0}, so nothing of it is imported"));
        }

        return races;
    }

    /// <summary>The same numeric id, however a spreadsheet padded it ("900001", " 900001 ", "900001.0").</summary>
    private static bool SameId(string? cell, string id) =>
        Cells.Text(cell) == id || (Cells.TryInt(cell, out var number) && number.ToString(CultureInfo.InvariantCulture) == id);

    private static List<string> ResultFiles(ImportFolder files, List<string> warnings)
    {
        var names = files.Names("*.csv");
        var split = names.Where(f => SplitFile().IsMatch(f)).ToList();
        var perRace = names.Where(f => PerRaceFile().IsMatch(f)).ToList();
        if (names.Contains("results.csv"))
        {
            if (split.Count + perRace.Count > 0)
            {
                warnings.Add($"results.csv read; {split.Count + perRace.Count} split results files ignored (they repeat its rows)");
            }

            return ["results.csv"];
        }

        if (split.Count > 0)
        {
            if (perRace.Count > 0)
            {
                warnings.Add($"split results files read; {perRace.Count} results_race_*.csv files ignored");
            }

            return split;
        }

        return perRace.Count > 0
            ? perRace
            : throw new MeetFolderException("results.csv: required file is missing (no results.csv, results_NNN.csv or results_race_<id>.csv)");
    }

    /// <summary>A meet-level value that breaks <see cref="TextRules"/> refuses the folder: every race would need it.</summary>
    internal static void Refuse(string file, int line, string? problem)
    {
        if (problem is not null)
        {
            throw new MeetFolderException($"{file} line {line}: {problem}");
        }
    }

    [GeneratedRegex(@"^results_\d+\.csv$")]
    private static partial Regex SplitFile();

    [GeneratedRegex(@"^results_race_\d+\.csv$")]
    private static partial Regex PerRaceFile();
}
