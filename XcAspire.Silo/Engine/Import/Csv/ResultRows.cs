using System.Globalization;
using XcAspire.Silo.Import.Files;
using XcAspire.Silo.MeetData;

namespace XcAspire.Silo.Import.Csv;

/// <summary>
/// A meet folder's result rows, read a row at a time from each results file: a row that can be
/// imported becomes a <see cref="ResultRecord"/>, any other a <see cref="RejectedRow"/> with its reason
/// (the column named as the file writes it) and at most 500 characters of its line. Over-long values
/// are rejected here, as they are read, so a file of huge cells never sits in memory as records.
/// </summary>
internal sealed class ResultRows(IReadOnlyList<RaceRecord> races, IReadOnlyList<SchoolRecord> schools)
{
    private readonly HashSet<string> _raceIds = races.Select(r => r.AthleticNetRaceId).ToHashSet(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _schoolNames = schools.ToDictionary(s => s.SourceKey ?? s.AthleticNetTeamId ?? s.Name, s => s.Name, StringComparer.Ordinal);

    public List<ResultRecord> Results { get; } = [];

    public List<RejectedRow> Rejected { get; } = [];

    public void Read(ImportFolder files, string file) => CsvFile.ForEach<ResultRow>(files, file, line => Add(file, line));

    private void Add(string file, CsvLine<ResultRow> line)
    {
        if (Results.Count + Rejected.Count >= MeetFolderReader.MaxResultRows)
        {
            throw new MeetFolderException(string.Create(
                CultureInfo.InvariantCulture,
                $"{file} line {line.Line}: more than {MeetFolderReader.MaxResultRows:N0} result rows; a meet folder may hold at most {MeetFolderReader.MaxResultRows:N0}, so nothing of it is imported"));
        }

        var source = new SourceRow(file, line.Line);
        if (line.Row is not { } row)
        {
            Rejected.Add(new RejectedRow(source, null, line.Error!, line.Raw));
            return;
        }

        // The race's own id string, shared by all its rows.
        var knownRace = Cells.Text(row.AthleticNetRaceId) is { } raceId && _raceIds.TryGetValue(raceId, out var id) ? id : null;
        if (Problem(row, knownRace) is { } reason)
        {
            Rejected.Add(new RejectedRow(source, knownRace, reason, line.Raw));
            return;
        }

        var name = Cells.Text(row.AthleteName)!;
        var schoolKey = Cells.Text(row.SchoolId)!;
        Cells.TryTime(row.TimeCs, out var timeCs, out var status);
        Cells.TryPlace(row.Place, out var place);
        var (teamId, sourceKey) = FolderParts.SchoolIdentity(schoolKey);
        Results.Add(new ResultRecord(
            source, knownRace!, name, Cells.Text(row.FirstName), Cells.Text(row.LastName), null, SchoolName(schoolKey), teamId, sourceKey,
            Cells.TryInt(row.Grade, out var grade) ? grade : null, timeCs, status, place, null, Cells.LooksDamaged(name) || Cells.Bool(row.NeedsReview)));
    }

    /// <summary>Why the row cannot be imported, naming the column as the file writes it; null when it can.</summary>
    private string? Problem(ResultRow row, string? knownRace)
    {
        var name = Cells.Text(row.AthleteName);
        var schoolKey = Cells.Text(row.SchoolId);
        return knownRace is null ? $"race {Cells.Quoted(row.AthleticNetRaceId)} is not in races.csv"
            : name is null ? "athlete_name is empty"
            : schoolKey is null ? "athlete_school_id is empty"
            : !Cells.TryTime(row.TimeCs, out _, out _) ? $"time_cs {Cells.Quoted(row.TimeCs)} is not a time"
            : !Cells.TryInt(row.Grade, out _) && Cells.Text(row.Grade) is not null ? $"grade {Cells.Quoted(row.Grade)} is not a number"
            : !Cells.TryPlace(row.Place, out _) ? $"place_overall {Cells.Quoted(row.Place)} is not a place (a whole number, 1 or more)"
            : TextRules.NameProblem("athlete_name", name)
                ?? TextRules.NameProblem("athlete_first_name", Cells.Text(row.FirstName))
                ?? TextRules.NameProblem("athlete_last_name", Cells.Text(row.LastName))
                ?? TextRules.KeyProblem("athlete_school_id", schoolKey)
                ?? TextRules.NameProblem("the school's name (schools.csv, else the key)", SchoolName(schoolKey));
    }

    // One name per school key, not one copy per row: without schools.csv every row would carry its own.
    private string SchoolName(string key)
    {
        if (!_schoolNames.TryGetValue(key, out var name))
        {
            name = FolderParts.NameFromKey(key);
            _schoolNames[key] = name;
        }

        return name;
    }
}
