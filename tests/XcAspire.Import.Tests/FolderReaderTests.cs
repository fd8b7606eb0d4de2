using System.Text;
using XcAspire.Silo.Import.Csv;
using XcAspire.Silo.MeetData;
using XcAspire.Silo.Sample;

namespace XcAspire.Import.Tests;

public sealed class FolderReaderTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("xc-reader-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static MeetSnapshot Generated() =>
        MeetGenerator.Generate(new MeetGeneratorOptions { TotalResults = 1_200, RaceCount = 6, NonFinisherRate = 0.02, MissingGradeRate = 0.02 });

    private static void AssertSameRows(MeetSnapshot expected, MeetSnapshot actual)
    {
        Assert.Empty(actual.Rejected);
        Assert.Equal(expected.Results.Count, actual.Results.Count);
        foreach (var (e, a) in expected.Results.Zip(actual.Results))
        {
            Assert.Equal((e.AthleticNetRaceId, e.AthleteName, e.SchoolSourceKey, e.TimeCs, e.Status, e.Grade, e.Place),
                (a.AthleticNetRaceId, a.AthleteName, a.SchoolSourceKey, a.TimeCs, a.Status, a.Grade, a.Place));
        }
    }

    [Fact]
    public void Spreadsheet_damage_BOM_CRLF_no_final_newline_short_dates_TRUE_FALSE_and_padded_numbers_read_as_the_clean_values()
    {
        var meet = Generated();
        MeetFolderWriter.Write(meet, folder, MeetFolderLayout.SingleResults, spreadsheetDamage: true);
        var bytes = File.ReadAllBytes(Path.Combine(folder, "results.csv"));
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        Assert.Contains("\r\n", File.ReadAllText(Path.Combine(folder, "results.csv")), StringComparison.Ordinal);
        Assert.NotEqual((byte)'\n', bytes[^1]);
        Assert.StartsWith("athletic_net_id", File.ReadAllText(Path.Combine(folder, "meets.csv")).TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Contains("10/4/25", File.ReadAllText(Path.Combine(folder, "meets.csv")), StringComparison.Ordinal);

        var read = MeetFolderReader.Read(folder);

        Assert.Equal(meet.Meet, read.Meet);
        Assert.Equal(meet.Races, read.Races);
        Assert.Equal(meet.Courses, read.Courses);
        AssertSameRows(meet, read);
    }

    [Theory]
    [InlineData(MeetFolderLayout.SplitResults)]
    [InlineData(MeetFolderLayout.PerRaceResults)]
    [InlineData(MeetFolderLayout.SingleAndSplitResults)]
    public void Every_results_layout_reads_each_row_exactly_once(MeetFolderLayout layout)
    {
        var meet = Generated();
        MeetFolderWriter.Write(meet, folder, layout);

        var read = MeetFolderReader.Read(folder);

        Assert.Equal(meet.Results.Count, read.Results.Count);
        Assert.Equal(meet.Results.Select(r => (r.AthleticNetRaceId, r.AthleteName, r.TimeCs)).Order(), read.Results.Select(r => (r.AthleticNetRaceId, r.AthleteName, r.TimeCs)).Order());
        if (layout == MeetFolderLayout.SingleAndSplitResults)
        {
            Assert.Contains(read.Warnings, w => w.Contains("split results files ignored", StringComparison.Ordinal));
        }
    }

    private void WriteMinimalFolder(string resultsBody)
    {
        File.WriteAllText(Path.Combine(folder, "meets.csv"), "athletic_net_id,name,meet_date,venue_name,season_year,meet_type\n265306,Test League #1,2025-09-20,Test Park,2025,\n");
        File.WriteAllText(Path.Combine(folder, "races.csv"),
            "athletic_net_race_id,meet_athletic_net_id,name,gender,distance_meters,race_type,course_name\n1001,265306,Mens 5000 Meters Varsity,M,5000,Varsity,\n");
        File.WriteAllText(Path.Combine(folder, "results.csv"),
            "athletic_net_race_id,athlete_name,athlete_first_name,athlete_last_name,athlete_school_id,time_cs,place_overall,grade,needs_review\n" + resultsBody);
    }

    [Fact]
    public void Damaged_names_are_read_and_flagged_and_formulas_and_bad_rows_are_rejected_with_their_reason()
    {
        WriteMinimalFolder(
            "1001,Jos\uFFFD Mu\uFFFDoz,Jos\uFFFD,Mu\uFFFDoz,school_test_high,100000,1,10,False\n" +
            "1001,JosÃ© Lopez,JosÃ©,Lopez,school_test_high,100100,2,10,False\n" +
            "1001,=HYPERLINK(\"x\"),=HYPERLINK(\"x\"),,school_test_high,100200,3,9,False\n" +
            "1001,Runner Formula,Runner,Formula,school_test_high,=1+1,4,9,False\n" +
            "1001,Runner Placed,Runner,Placed,school_test_high,100250,=1+1,9,False\n" +
            "1001," + new string('L', 7_000) + ",Runner,Long,school_test_high,100260,6,9,False\n" +
            "1001,Runner Short,Runner,Short\n" +
            "9999,Runner Elsewhere,Runner,Elsewhere,school_test_high,100300,5,9,False\n" +
            "1001,Runner Dnf,Runner,Dnf,school_test_high,DNF,,11,False");

        var read = MeetFolderReader.Read(folder);

        Assert.True(read.Results.Single(r => r.AthleteName.StartsWith("Jos\uFFFD", StringComparison.Ordinal)).NeedsReview);
        Assert.True(read.Results.Single(r => r.AthleteName.StartsWith("JosÃ", StringComparison.Ordinal)).NeedsReview);
        Assert.Equal(FinishStatus.DNF, read.Results.Single(r => r.AthleteName == "Runner Dnf").Status);
        Assert.Equal(3, read.Results.Count);
        Assert.Equal(6, read.Rejected.Count);
        Assert.Contains(read.Rejected, r => r.Reason.StartsWith("athlete_name '=HYPERLINK(\"x\")' starts like a spreadsheet formula", StringComparison.Ordinal)
            && r.Source == new SourceRow("results.csv", 4));
        Assert.Contains(read.Rejected, r => r.Reason.Contains("time_cs '=1+1' is not a time", StringComparison.Ordinal) && r.Source == new SourceRow("results.csv", 5));
        Assert.Contains(read.Rejected, r => r.Reason == "place_overall '=1+1' is not a place (a whole number, 1 or more)" && r.Source == new SourceRow("results.csv", 6));
        Assert.Contains(read.Rejected, r => r.Reason == "athlete_name is 7,000 characters long; at most 200 are stored" && r.RawText.Length <= 501);
        Assert.Contains(read.Rejected, r => r.Reason.Contains("the row has 4 fields", StringComparison.Ordinal));
        Assert.Contains(read.Rejected, r => r.Reason.Contains("race '9999' is not in races.csv", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_column_names_the_file_and_the_column()
    {
        WriteMinimalFolder("");
        File.WriteAllText(Path.Combine(folder, "results.csv"), "athletic_net_race_id,athlete_name,athlete_school_id,place_overall\n1001,A B,school_x,1\n");

        var error = Assert.Throws<MeetFolderException>(() => MeetFolderReader.Read(folder));

        Assert.Contains("results.csv", error.Message, StringComparison.Ordinal);
        Assert.Contains("time_cs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_required_file_names_the_file()
    {
        WriteMinimalFolder("");
        File.Delete(Path.Combine(folder, "meets.csv"));

        var error = Assert.Throws<MeetFolderException>(() => MeetFolderReader.Read(folder));

        Assert.Contains("meets.csv", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_50_MB_junk_results_file_is_a_clear_error_not_a_hang_or_a_crash()
    {
        WriteMinimalFolder("");
        var junk = new byte[50 * 1024 * 1024];
        new Random(5).NextBytes(junk);
        File.WriteAllBytes(Path.Combine(folder, "results.csv"), junk);

        var error = Assert.Throws<MeetFolderException>(() => MeetFolderReader.Read(folder));

        Assert.Contains("results.csv", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("16:45", 100500)]
    [InlineData("15:05.5", 90550)]
    [InlineData("19:30.45", 117045)]
    [InlineData("1:02:03.4", 372340)]
    [InlineData(" 117045 ", 117045)]
    public void Times_parse_to_centiseconds(string text, int expected)
    {
        Assert.True(Cells.TryTime(text, out var cs, out var status));
        Assert.Equal(FinishStatus.Finished, status);
        Assert.Equal(expected, cs);
    }

    [Theory]
    [InlineData("5,000 Meters", 5000)]
    [InlineData("4,000 Meters", 4000)]
    [InlineData("2.95 Miles", 4748)]
    [InlineData("5K", 5000)]
    [InlineData("3200m", 3200)]
    public void Distances_with_thousands_separators_parse_to_metres(string text, int expected) =>
        Assert.Equal(expected, Cells.DistanceFromText(text));
}
