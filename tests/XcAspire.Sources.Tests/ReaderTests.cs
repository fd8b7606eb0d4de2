using System.Text.Json;
using System.Text.Json.Nodes;
using XcAspire.Silo.MeetData;
using XcAspire.Silo.Sources;
using XcAspire.Silo.Sources.AthleticNet;

namespace XcAspire.Sources.Tests;

public sealed class ReaderTests
{
    private const string Url = "https://example.test/api";

    [Fact]
    public void GetMeetData_gives_meet_venue_races_and_token()
    {
        var read = MeetDataReader.Read("900001", DocExamples.MeetData, Url);

        var meet = read.Metadata.Meet;
        Assert.Equal(("900001", "Example Valley Invitational", new DateOnly(2025, 9, 20), 2025), (meet.AthleticNetMeetId, meet.Name, meet.Date, meet.SeasonYear));
        Assert.Equal(new VenueRecord("Riverbend Park", "Springfield", "OR"), read.Metadata.Venue);
        Assert.Equal("eyJhbGciOiJIUzI1NiJ9.SYNTHETIC.PAYLOAD", read.Token);
        Assert.Equal(
            [
                new RaceRecord("1500001", "Mens 5,000 Meters Varsity", "M", 5000, "varsity", null),
                new RaceRecord("1500002", "Womens 5,000 Meters Varsity", "F", 5000, "varsity", null),
            ],
            read.Metadata.Races);
    }

    [Fact]
    public void A_race_without_Meters_takes_the_distance_from_its_name_and_one_without_gender_is_skipped_with_a_warning()
    {
        var json = JsonNode.Parse(DocExamples.MeetData)!;
        var divisions = json["xcDivisions"]!.AsArray();
        divisions[0]!.AsObject().Remove("Meters");
        divisions[0]!["DivName"] = "2.95 Miles Non Varsity";
        divisions[0]!.AsObject().Remove("Division");
        divisions[1]!["Gender"] = "X";

        var read = MeetDataReader.Read("900001", json.ToJsonString(), Url);

        var race = Assert.Single(read.Metadata.Races);
        Assert.Equal(new RaceRecord("1500001", "Mens 2.95 Miles Non Varsity", "M", 4747, "non_varsity", null), race);
        Assert.Contains(read.Metadata.Warnings, w => w.Contains("1500002", StringComparison.Ordinal) && w.Contains("gender", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("null")]
    [InlineData("")]
    [InlineData("""{"meet":null,"xcDivisions":[]}""")]
    public void No_meet_is_meet_not_found(string body) =>
        Assert.Throws<MeetNotFoundException>(() => MeetDataReader.Read("1", body, Url));

    [Fact]
    public void GetAllResultsData_flatEvents_gives_every_row_of_every_race()
    {
        var races = ResultsReader.ReadWholeMeet(DocExamples.AllResults, Url);

        Assert.Equal(["1500001", "1500002"], races.Keys.Order());
        var boys = races["1500001"];
        Assert.Equal(3, boys.Results.Count);
        Assert.Empty(boys.Rejected);
        var first = boys.Results[0];
        Assert.Equal(
            ("Milo Fenwick", "Milo", "Fenwick", "20000001", "North Example", "7001", 12, 95840, FinishStatus.Finished, 1, "300000001"),
            (first.AthleteName, first.FirstName, first.LastName, first.AthleticNetAthleteId, first.SchoolName, first.AthleticNetTeamId,
             first.Grade, first.TimeCs, first.Status, first.Place, first.SourceResultId));
        var dnf = boys.Results[2];
        Assert.Equal((FinishStatus.DNF, (int?)null, (int?)null, (int?)null), (dnf.Status, dnf.TimeCs, dnf.Place, dnf.Grade));
        Assert.Equal(new SourceRow("GetAllResultsData", 3), dnf.Source);
        Assert.Empty(boys.UnrecognisedFields);
    }

    [Fact]
    public void The_legacy_flat_results_shape_gives_the_same_rows()
    {
        var current = ResultsReader.ReadWholeMeet(DocExamples.AllResults, Url);
        var legacy = ResultsReader.ReadWholeMeet(ToLegacy(DocExamples.AllResults), Url);

        Assert.Equal(current.Keys.Order(), legacy.Keys.Order());
        foreach (var raceId in current.Keys)
        {
            Assert.Equal(current[raceId].Results, legacy[raceId].Results);
        }
    }

    [Fact]
    public void A_legacy_row_naming_no_race_is_rejected_not_lost()
    {
        var legacy = JsonNode.Parse(ToLegacy(DocExamples.AllResults))!;
        legacy["results"]![0]!.AsObject().Remove("RaceDivisionID");

        var races = ResultsReader.ReadWholeMeet(legacy.ToJsonString(), Url);

        var orphan = Assert.Single(races[string.Empty].Rejected);
        Assert.Contains("RaceDivisionID", orphan.Reason, StringComparison.Ordinal);
        Assert.Equal(5, races.Values.Sum(r => r.Results.Count));
    }

    [Fact]
    public void ResultsData3_as_a_list_of_lists_is_flattened()
    {
        var rows = JsonNode.Parse(DocExamples.AllResults)!["flatEvents"]![1]!["results"]!.AsArray();
        var nested = new JsonObject
        {
            ["resultsXC"] = new JsonArray(new JsonArray(rows[0]!.DeepClone(), rows[1]!.DeepClone()), new JsonArray(rows[2]!.DeepClone())),
            ["teams"] = new JsonArray(),
        };

        var race = ResultsReader.ReadRace("1500002", nested.ToJsonString(), Url);

        Assert.Equal(["Ava Marchetti", "June Castellanos", "Noor Whitfield"], race.Results.Select(r => r.AthleteName));
        Assert.Equal([1, 2, 3], race.Results.Select(r => r.Source.Line));
    }

    [Fact]
    public void Bad_rows_are_rejected_with_their_reason_and_raw_text_and_new_fields_are_reported()
    {
        var json = JsonNode.Parse(DocExamples.AllResults)!;
        var rows = json["flatEvents"]![0]!["results"]!.AsArray();
        rows[0]!["Result"] = "17:7x";
        rows[1]!["SchoolName"] = null;
        rows[2]!["Wind"] = "+1.2";
        rows[2]!["Place"] = "4";
        rows[2]!["Result"] = "";
        rows[2]!["SortValue"] = "1001.5";

        var race = ResultsReader.ReadWholeMeet(json.ToJsonString(), Url)["1500001"];

        Assert.Equal(2, race.Rejected.Count);
        Assert.Contains("17:7x", race.Rejected[0].Reason, StringComparison.Ordinal);
        Assert.Contains("Milo", race.Rejected[0].RawText, StringComparison.Ordinal);
        Assert.Contains("school", race.Rejected[1].Reason, StringComparison.Ordinal);
        var kept = Assert.Single(race.Results);
        Assert.Equal((100150, 4), (kept.TimeCs, kept.Place));
        Assert.Equal(["Wind"], race.UnrecognisedFields);
    }

    [Fact]
    public void A_whole_meet_answer_in_an_unknown_shape_is_invalid_not_empty() =>
        Assert.Throws<SourceResponseInvalidException>(() => ResultsReader.ReadWholeMeet("""{"items":[]}""", Url));

    [Fact]
    public void Truncated_json_is_invalid() =>
        Assert.Throws<SourceResponseInvalidException>(() => ResultsReader.ReadWholeMeet(DocExamples.AllResults[..200], Url));

    internal static string ToLegacy(string flatEventsJson)
    {
        var json = JsonNode.Parse(flatEventsJson)!;
        var rows = new JsonArray();
        foreach (var race in json["flatEvents"]!.AsArray())
        {
            foreach (var row in race!["results"]!.AsArray())
            {
                var copy = row!.DeepClone();
                copy["RaceDivisionID"] = race["IDMeetDiv"]!.GetValue<long>();
                rows.Add(copy);
            }
        }

        return new JsonObject { ["results"] = rows, ["teamScores"] = json["teamScores"]!.DeepClone() }.ToJsonString(new JsonSerializerOptions());
    }
}
