using System.Diagnostics;
using XcAspire.Silo.Import.Csv;

namespace XcAspire.Import.Tests;

/// <summary>
/// Meet folders the reader refuses whole, with a message naming the file, line and column as the
/// folder writes them (never a server path or a C# member), and files it will not open.
/// </summary>
public sealed class FolderRefusalTests : IDisposable
{
    private const string Results = "athletic_net_race_id,athlete_name,athlete_first_name,athlete_last_name,athlete_school_id,time_cs,place_overall,grade,needs_review\n";
    private readonly string _root = Directory.CreateTempSubdirectory("xc-refusal-").FullName;
    private readonly string _folder;

    public FolderRefusalTests()
    {
        _folder = Path.Combine(_root, "meet");
        Directory.CreateDirectory(_folder);
        Write("meets.csv", "athletic_net_id,name,meet_date,venue_name,season_year,meet_type\n990113,Takeover Open,2025-09-20,Test Park,2025,\n");
        Write("races.csv", "athletic_net_race_id,meet_athletic_net_id,name,gender,distance_meters,race_type,course_name\n1001,990113,Mens 5000 Meters Varsity,M,5000,Varsity,\n");
        Write("results.csv", Results + "1001,Runner Able,Runner,Able,school_test_high,100000,1,10,False\n");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Write(string file, string text) => File.WriteAllText(Path.Combine(_folder, file), text);

    private MeetFolderException Refused() => Assert.Throws<MeetFolderException>(() => MeetFolderReader.Read(_folder, _root));

    [Fact]
    public void A_second_meet_row_is_refused()
    {
        Write("meets.csv", "athletic_net_id,name,meet_date\n990113,Takeover Open,2025-09-20\n900001,Example Valley Invitational,2025-09-20\n");

        Assert.Equal("meets.csv: 2 rows (lines 2, 3); a meet folder holds exactly one meet", Refused().Message);
    }

    [Theory]
    [InlineData("900001", "meet_athletic_net_id '900001' is not meet 990113 of meets.csv")]
    [InlineData("", "meet_athletic_net_id '' is not meet 990113 of meets.csv")]
    public void A_race_of_another_meet_is_refused(string meetOfRace, string expected)
    {
        Write("races.csv", $"athletic_net_race_id,meet_athletic_net_id,name,gender,distance_meters\n1001,990113,Mens 5000,M,5000\n1002,{meetOfRace},Womens 5000,F,5000\n");

        Assert.StartsWith($"races.csv line 3: {expected}", Refused().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_race_listed_twice_is_refused()
    {
        Write("races.csv", "athletic_net_race_id,meet_athletic_net_id,name,gender,distance_meters\n1001,990113,Mens 5000,M,5000\n1001,990113,Mens 5000 again,M,5000\n");

        Assert.Equal("races.csv line 3: race 1001 is already on line 2; a race is listed once", Refused().Message);
    }

    [Theory]
    [InlineData("time_cs", "athletic_net_race_id,athlete_name,athlete_school_id,time_cs,Time_CS")]
    [InlineData("athlete_name", "athletic_net_race_id,athlete_name,athlete_school_id,time_cs, athlete_name ")]
    public void A_column_named_twice_is_refused_naming_the_column_and_both_positions(string column, string header)
    {
        Write("results.csv", header + "\n1001,Runner Able,school_test_high,100000,100500\n");

        var message = Refused().Message;

        Assert.StartsWith($"results.csv: the header names column '{column}' 2 times (columns ", message, StringComparison.Ordinal);
        Assert.EndsWith("); a column may appear once", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Trailing_blank_header_columns_of_a_spreadsheet_are_not_duplicates()
    {
        Write("results.csv", Results.TrimEnd('\n') + ",,\n1001,Runner Able,Runner,Able,school_test_high,100000,1,10,False,,\n");

        Assert.Single(MeetFolderReader.Read(_folder, _root).Results);
    }

    [Theory]
    [InlineData("athletic_net_race_id,athlete_name,athlete_school_id,finish_time\n1001,Runner Able,school_x,100000\n")]
    [InlineData("\"athletic_net_race_id,athlete_name,athlete_school_id,time_cs\n1001,Runner Able,school_x,100000\n")]
    public void A_missing_column_names_the_column_as_the_file_writes_it_never_a_member_of_the_reader(string body)
    {
        Write("results.csv", body);

        var message = Refused().Message;

        Assert.Contains("missing required column", message, StringComparison.Ordinal);
        Assert.Contains("'time_cs'", message, StringComparison.Ordinal);
        Assert.DoesNotContain("ResultRow", message, StringComparison.Ordinal);
        Assert.DoesNotContain("TimeCs", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_longer_than_64_KiB_is_refused_without_the_library_s_wording()
    {
        Write("results.csv", Results + "1001," + new string('x', 70_000) + ",a,b,school_x,100000,1,10,False\n");

        Assert.Equal("results.csv: not a readable CSV file (a record longer than 64 KiB after line 1)", Refused().Message);
    }

    [Fact]
    public void A_symlink_to_a_file_outside_the_root_is_refused_without_reading_it()
    {
        File.Delete(Path.Combine(_folder, "meets.csv"));
        File.CreateSymbolicLink(Path.Combine(_folder, "meets.csv"), "/etc/passwd");

        var message = Refused().Message;

        Assert.Equal("meets.csv is a link to a file outside the data root; only files inside it are read", message);
    }

    [Fact]
    public void A_symlink_to_a_file_inside_the_root_is_read()
    {
        var shared = Path.Combine(_root, "shared-results.csv");
        File.Move(Path.Combine(_folder, "results.csv"), shared);
        File.CreateSymbolicLink(Path.Combine(_folder, "results.csv"), shared);

        Assert.Single(MeetFolderReader.Read(_folder, _root).Results);
    }

    [Fact]
    public void A_folder_reached_through_a_linked_root_is_read()
    {
        var linkedRoot = _root + "-linked";
        Directory.CreateSymbolicLink(linkedRoot, _root);
        try
        {
            Assert.Single(MeetFolderReader.Read(Path.Combine(linkedRoot, "meet"), linkedRoot).Results);
            Assert.Single(MeetFolderReader.Read(Path.Combine(linkedRoot, "meet")).Results);
        }
        finally
        {
            Directory.Delete(linkedRoot);
        }
    }

    [Theory]
    [InlineData("results.csv")]
    [InlineData("meets.csv")]
    [InlineData("metadata.json")]
    public async Task A_fifo_is_refused_at_once_instead_of_waiting_for_a_writer(string file)
    {
        File.Delete(Path.Combine(_folder, file));
        using (var mkfifo = Process.Start("mkfifo", Path.Combine(_folder, file)))
        {
            await mkfifo.WaitForExitAsync();
        }

        // Opening a FIFO for reading blocks until a writer comes: the read runs on its own thread so a
        // regression fails this test instead of hanging the suite.
        var read = Task.Factory.StartNew(() => MeetFolderReader.Read(_folder, _root), TaskCreationOptions.LongRunning);
        var error = await Assert.ThrowsAsync<MeetFolderException>(() => read.WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal($"{file} is a FIFO, not a regular file; only regular files are read", error.Message);
    }

    [Fact]
    public void A_device_is_refused()
    {
        File.Delete(Path.Combine(_folder, "results.csv"));
        File.CreateSymbolicLink(Path.Combine(_folder, "results.csv"), "/dev/zero");

        Assert.Equal("results.csv is a character device, not a regular file; only regular files are read", Refused().Message);
    }

    [Fact]
    public void A_missing_folder_is_named_by_its_own_name_never_by_the_server_path()
    {
        var error = Assert.Throws<MeetFolderException>(() => MeetFolderReader.Read(Path.Combine(_root, "gone"), _root));

        Assert.Equal("gone: the meet folder does not exist", error.Message);
    }

    [Fact]
    public void More_result_rows_than_a_folder_may_hold_are_refused_as_they_are_read()
    {
        Write("results.csv", Results + string.Concat(Enumerable.Repeat("1001,R A,R,A,s,100000,1,10,False\n", MeetFolderReader.MaxResultRows + 1)));

        Assert.StartsWith("results.csv line 25002: more than 25,000 result rows; a meet folder may hold at most 25,000", Refused().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Files_larger_together_than_a_folder_may_hold_are_refused_before_they_are_read()
    {
        using (var big = File.Open(Path.Combine(_folder, "results.csv"), FileMode.Append))
        {
            big.SetLength(MeetFolderReader.MaxFolderBytes + 1);
        }

        Assert.StartsWith("results.csv: with it the folder's files come to 32 MiB; at most 32 MiB of a folder are read", Refused().Message, StringComparison.Ordinal);
    }
}
