using XcAspire.Silo.MeetData;
using XcAspire.Silo.Sources.SavedPages;
using XcAspire.Silo.Sources.Sample;

namespace XcAspire.Sources.Tests;

public sealed class SavedPagesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("xc-saved-pages-").FullName;

    [Fact]
    public async Task Pages_saved_from_the_sample_source_read_back_as_the_same_meet()
    {
        var meet = SourceHarness.DefaultMeet();
        await using var source = await SampleSource.StartAsync(new InMemorySampleMeetCatalog([meet]));
        using var http = new HttpClient { BaseAddress = source.BaseUrl };
        await File.WriteAllTextAsync(Path.Combine(_folder, "meet.html"), await http.GetStringAsync($"/CrossCountry/meet/{meet.Meet.AthleticNetMeetId}/results"));
        foreach (var race in meet.Races)
        {
            var html = await http.GetStringAsync($"/CrossCountry/meet/{meet.Meet.AthleticNetMeetId}/results/{race.AthleticNetRaceId}");
            await File.WriteAllTextAsync(Path.Combine(_folder, $"race {race.AthleticNetRaceId}.html"), html);
        }

        var read = SavedPagesReader.ReadFolder(_folder);

        Assert.Equal((meet.Meet.AthleticNetMeetId, meet.Meet.Name, meet.Meet.Date, meet.Meet.SeasonYear), (read.Meet.AthleticNetMeetId, read.Meet.Name, read.Meet.Date, read.Meet.SeasonYear));
        Assert.Equal(meet.Races, read.Races);
        Assert.Equal(meet.Results.Select(PageKey), read.Results.Select(PageKey));
        Assert.Empty(read.Rejected);
        Assert.All(read.Results, r => Assert.StartsWith("school_", r.SchoolSourceKey, StringComparison.Ordinal));
    }

    [Fact]
    public void Odd_rows_are_read_or_rejected_with_a_reason_never_dropped()
    {
        Write("race.html", "1234567", "Womens 4,000 Meters Non Varsity",
            Row("1", "J", "Jo Li", "North Example", "16:45.3", "PR • Yr: 11"),
            Row("2", "ÉN", "Élodie Núñez", "South Example", "16:45.3"),
            Row("3", "Ana Pérez", "East Example", "17:02", "Yr: 9"),
            Row("-", "KT", "Kim Tran", "West Example", "DNF", "Yr: 10"),
            Row("4", "Max Roe", "North Example"),
            Row("x", "AB", "Al Bo", "North Example", "17:10"),
            Row("5", "CD", "Cy Do", "North Example", "17:1o"));

        var read = SavedPagesReader.ReadFolder(_folder);

        var race = Assert.Single(read.Races);
        Assert.Equal(new RaceRecord("1234567", "Womens 4,000 Meters Non Varsity", "F", 4000, "non_varsity", null), race);
        Assert.Equal(
            [
                (1, "Jo Li", (int?)100530, FinishStatus.Finished, (int?)11),
                (2, "Élodie Núñez", 100530, FinishStatus.Finished, null),
                (3, "Ana Pérez", 102200, FinishStatus.Finished, 9),
                (4, "Kim Tran", null, FinishStatus.DNF, 10),
            ],
            read.Results.Select(r => (r.Source.Line, r.AthleteName, r.TimeCs, r.Status, r.Grade)));
        Assert.Equal([5, 6, 7], read.Rejected.Select(r => r.Source.Line));
        Assert.Contains("3 lines", read.Rejected[0].Reason, StringComparison.Ordinal);
        Assert.Contains("place 'x'", read.Rejected[1].Reason, StringComparison.Ordinal);
        Assert.Contains("17:1o", read.Rejected[2].Reason, StringComparison.Ordinal);
        Assert.Equal(8, read.Results.Count + read.Rejected.Count + 1);
    }

    [Fact]
    public void A_page_from_another_meet_is_rejected_row_by_row()
    {
        Write("a.html", "1111111", "Mens 5,000 Meters Varsity", Row("1", "Milo Fenwick", "North Example", "15:58.4"));
        Write("b.html", "2222222", "Mens 5,000 Meters JV", Row("1", "Ravi Okafor", "South Example", "16:21.0"), meetId: "777");

        var read = SavedPagesReader.ReadFolder(_folder, "900001");

        Assert.Single(read.Results);
        var rejected = Assert.Single(read.Rejected);
        Assert.Contains("meet 777, not 900001", rejected.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_folder_is_a_clear_error() =>
        Assert.Contains("no saved pages", Assert.Throws<SavedPagesException>(() => SavedPagesReader.ReadFolder(_folder)).Message, StringComparison.Ordinal);

    [Fact]
    public void A_page_linked_from_outside_the_folder_is_refused_without_being_read()
    {
        Write("a.html", "1111111", "Mens 5,000 Meters Varsity", Row("1", "Milo Fenwick", "North Example", "15:58.4"));
        File.CreateSymbolicLink(Path.Combine(_folder, "b.html"), "/etc/hostname");

        var error = Assert.Throws<SavedPagesException>(() => SavedPagesReader.ReadFolder(_folder));

        Assert.Equal("b.html is a link to a file outside the data root; only files inside it are read", error.Message);
    }

    [Fact]
    public async Task A_fifo_named_like_a_page_is_refused_at_once()
    {
        Write("a.html", "1111111", "Mens 5,000 Meters Varsity", Row("1", "Milo Fenwick", "North Example", "15:58.4"));
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", Path.Combine(_folder, "b.html")))
        {
            await mkfifo.WaitForExitAsync();
        }

        // On a thread of its own: a reader that waited for a writer would fail here, not hang the suite.
        var read = Task.Factory.StartNew(() => SavedPagesReader.ReadFolder(_folder), TaskCreationOptions.LongRunning);
        var error = await Assert.ThrowsAsync<SavedPagesException>(() => read.WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal("b.html is a FIFO, not a regular file; only regular files are read", error.Message);
    }

    [Fact]
    public void Errors_name_the_folder_by_its_own_name_never_by_the_server_path()
    {
        var error = Assert.Throws<SavedPagesException>(() => SavedPagesReader.ReadFolder(_folder));

        Assert.DoesNotContain(Path.GetTempPath(), error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{Path.GetFileName(_folder)}'", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static object PageKey(ResultRecord r) => (r.AthleticNetRaceId, r.AthleteName, r.SchoolName, r.Grade, r.TimeCs, r.Status, r.Place);

    private static string Row(params string[] lines) =>
        "<div class=\"result-row\">" + string.Concat(lines.Select(l => $"<div>{System.Net.WebUtility.HtmlEncode(l)}</div>")) + "</div>";

    private void Write(string file, string raceId, string title, params string[] rows) => Write(file, raceId, title, rows, "900001");

    private void Write(string file, string raceId, string title, string row, string meetId) => Write(file, raceId, title, [row], meetId);

    private void Write(string file, string raceId, string title, string[] rows, string meetId)
    {
        var url = $"https://www.athletic.net/CrossCountry/meet/{meetId}/results/{raceId}";
        File.WriteAllText(Path.Combine(_folder, file),
            $"<!-- saved from url=({url.Length:0000}){url} --><html><head><title>Test Meet - Results</title></head><body>" +
            $"<div>Sat, Sep 20, 2025</div><h2>{title}</h2>{string.Concat(rows)}</body></html>");
    }
}
