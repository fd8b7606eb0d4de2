using System.Globalization;
using System.Text;
using System.Text.Json;
using XcAspire.Silo.MeetData;

namespace XcAspire.Silo.Import.Csv;

/// <summary>How a meet folder holds its results (product.md §7).</summary>
public enum MeetFolderLayout
{
    /// <summary>One results.csv.</summary>
    SingleResults,

    /// <summary>results_001.csv, results_002.csv, … of 500 rows each (the old batch importer's split).</summary>
    SplitResults,

    /// <summary>results.csv and the split files holding the same rows (the reader must take one, never both).</summary>
    SingleAndSplitResults,

    /// <summary>One results_race_&lt;id&gt;.csv per race (the export our own scrape writes).</summary>
    PerRaceResults,
}

/// <summary>
/// Writes a snapshot as a meet folder in the seed's layout (domain.md §3.2): the export for people,
/// the sample folders and the benchmark's input. With <c>spreadsheetDamage</c> the files look as if
/// they went through a spreadsheet (domain.md §3.1): a BOM, M/D/YY dates, TRUE/FALSE, padded
/// numbers and no final newline. No cell it writes runs as a formula in a spreadsheet.
/// </summary>
public static class MeetFolderWriter
{
    private const int SplitSize = 500;

    public static void Write(MeetSnapshot meet, string folder, MeetFolderLayout layout, bool spreadsheetDamage = false)
    {
        Directory.CreateDirectory(folder);
        var f = new Formatter(spreadsheetDamage);
        WriteFile(folder, "meets.csv", "athletic_net_id,name,meet_date,venue_name,season_year,meet_type",
            [[meet.Meet.AthleticNetMeetId, meet.Meet.Name, f.Date(meet.Meet.Date), meet.Meet.VenueName ?? "", f.Int(meet.Meet.SeasonYear), meet.Meet.MeetType ?? ""]], f);
        WriteFile(folder, "races.csv", "athletic_net_race_id,meet_athletic_net_id,name,gender,distance_meters,race_type,course_name",
            meet.Races.Select(r => new[] { r.AthleticNetRaceId, meet.Meet.AthleticNetMeetId, r.Title, r.Gender, f.Int(r.DistanceMeters), r.RaceType, r.CourseName ?? "" }), f);
        WriteFile(folder, "schools.csv", "athletic_net_id,name,short_name,city,state,league",
            meet.Schools.Select(s => new[] { s.AthleticNetTeamId ?? s.SourceKey ?? s.Name, s.Name, s.Name, "", "", "" }), f);
        if (meet.Venue is { } venue)
        {
            WriteFile(folder, "venues.csv", "athletic_net_id,name,city,state,notes",
                [["", venue.Name, venue.City ?? "", venue.State ?? "", $"Auto-generated for meet {meet.Meet.AthleticNetMeetId}"]], f);
        }

        WriteFile(folder, "courses.csv", "athletic_net_id,name,venue_name,distance_meters,distance_display,difficulty_rating,needs_review,needs_records_scraping",
            meet.Courses.Select(c => new[]
            {
                "", c.Name, c.VenueName, f.Int(c.DistanceMeters), c.DistanceDisplay ?? "",
                c.DifficultyRating is { } d ? f.Decimal(d) : "", f.Bool(c.DifficultyRating is null), f.Bool(false),
            }), f);

        const string header = "athletic_net_race_id,athlete_name,athlete_first_name,athlete_last_name,athlete_school_id,time_cs,place_overall,grade,needs_review";
        string[] Row(ResultRecord r) =>
        [
            r.AthleticNetRaceId, r.AthleteName, r.FirstName ?? "", r.LastName ?? "", r.AthleticNetTeamId ?? r.SchoolSourceKey ?? r.SchoolName,
            r.Status == FinishStatus.Finished ? f.Int(r.TimeCs ?? 0) : r.Status.ToString(), r.Place is { } p ? f.Int(p) : "",
            r.Grade is { } g ? f.Int(g) : "", f.Bool(r.NeedsReview),
        ];

        if (layout is MeetFolderLayout.SingleResults or MeetFolderLayout.SingleAndSplitResults)
        {
            WriteFile(folder, "results.csv", header, meet.Results.Select(Row), f);
        }

        if (layout is MeetFolderLayout.SplitResults or MeetFolderLayout.SingleAndSplitResults)
        {
            var chunks = meet.Results.Chunk(SplitSize).ToList();
            for (var i = 0; i < chunks.Count; i++)
            {
                WriteFile(folder, $"results_{i + 1:000}.csv", header, chunks[i].Select(Row), f);
            }
        }

        if (layout is MeetFolderLayout.PerRaceResults)
        {
            foreach (var race in meet.Races)
            {
                WriteFile(folder, $"results_race_{race.AthleticNetRaceId}.csv", header, meet.Results.Where(r => r.AthleticNetRaceId == race.AthleticNetRaceId).Select(Row), f);
            }
        }

        var metadata = new Dictionary<string, object>
        {
            ["scrape_type"] = "meet", ["entity_id"] = meet.Meet.AthleticNetMeetId, ["season_year"] = meet.Meet.SeasonYear,
            ["total_results"] = meet.Results.Count, ["total_races"] = meet.Races.Count, ["total_schools"] = meet.Schools.Count,
        };
        File.WriteAllText(Path.Combine(folder, "metadata.json"), JsonSerializer.Serialize(metadata));
    }

    private static void WriteFile(string folder, string name, string header, IEnumerable<string[]> rows, Formatter f)
    {
        var builder = new StringBuilder();
        builder.Append(header);
        foreach (var row in rows)
        {
            builder.Append("\r\n");
            builder.AppendJoin(',', row.Select(Quote));
        }

        if (!f.Damaged)
        {
            builder.Append("\r\n");
        }

        File.WriteAllText(Path.Combine(folder, name), builder.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: f.Damaged));
    }

    private static string Quote(string value)
    {
        // A cell that starts like a formula gets an apostrophe in front, so a spreadsheet opening the
        // export shows it as text instead of running it (the importer refuses such names either way).
        if (TextRules.LooksLikeFormula(value) && !value.TrimStart().StartsWith('\''))
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private sealed record Formatter(bool Damaged)
    {
        public string Int(int value) => Damaged ? $" {value.ToString(CultureInfo.InvariantCulture)} " : value.ToString(CultureInfo.InvariantCulture);

        public string Decimal(decimal value) => Damaged ? $" {value.ToString("0.00000000000", CultureInfo.InvariantCulture)} " : value.ToString(CultureInfo.InvariantCulture);

        public string Bool(bool value) => Damaged ? (value ? "TRUE" : "FALSE") : (value ? "True" : "False");

        public string Date(DateOnly date) => Damaged ? $"{date.Month}/{date.Day}/{date.Year % 100:00}" : date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }
}
