using XcAspire.Silo.MeetData;
using XcAspire.Silo.Sample;

namespace XcAspire.Silo.Sources.Sample;

/// <summary>
/// Small fixed meets built in code, so a sample source works with no generator and no files: a few
/// meets of a few races, with ties, a non-finisher, an unknown grade and an accented name.
/// </summary>
public static class SampleMeets
{
    private static readonly string[] FirstNames =
        ["Milo", "Ava", "Ravi", "June", "Theo", "Noor", "Lucía", "Owen", "Maya", "Kai", "Zoë", "Eli", "Ines", "Sam", "Ada", "Leo"];

    private static readonly string[] LastNames =
        ["Fenwick", "Marchetti", "Okafor", "Castellanos", "Lindqvist", "Whitfield", "Núñez", "O'Brien", "Tran", "Van der Berg", "Kowalski", "Haddad"];

    private static readonly (string Name, string Team)[] Schools =
        [("North Example", "7001"), ("South Example", "7002"), ("East Example", "7003"), ("West Example", "7004"), ("Lake Example", "7005"), ("Hill Example", "7006")];

    private static readonly (string Level, string Type)[] Levels =
        [("Varsity", "varsity"), ("JV", "jv"), ("Frosh/Soph", "frosh_soph"), ("Reserves", "reserves"), ("Non Varsity", "non_varsity"), ("Open", "open")];

    /// <summary>
    /// What the standalone sample source serves: three small fixed meets, a generated 12-race meet
    /// (910001) and a generated meet the size of Mt. SAC (920084: 84 races, 10,870 results).
    /// </summary>
    public static InMemorySampleMeetCatalog DefaultCatalog() => new([
        Build("900001", "Example Valley Invitational", new DateOnly(2025, 9, 20), races: 4, runnersPerRace: 12),
        Build("900002", "Riverbend Classic", new DateOnly(2025, 10, 4), races: 6, runnersPerRace: 20),
        Build("900003", "League Finals", new DateOnly(2025, 10, 25), races: 2, runnersPerRace: 30),
        MeetGenerator.Generate(new MeetGeneratorOptions { MeetId = "910001", MeetName = "Synthetic Invitational" }),
        LargeMeet("920084"),
    ]);

    /// <summary>An 84-race, 10,870-result generated meet (the benchmark's and the offline run's big meet).</summary>
    public static MeetSnapshot LargeMeet(string meetId) =>
        MeetGenerator.Generate(new MeetGeneratorOptions
        {
            MeetId = meetId, MeetName = "Synthetic Mt. SAC-size Invitational", RaceCount = 84, TotalResults = 10_870, SchoolCount = 500,
        });

    /// <summary>
    /// A meet of <paramref name="races"/> races (alternating boys and girls, cycling through levels and
    /// distances), <paramref name="runnersPerRace"/> rows each. The same arguments always give the same meet.
    /// </summary>
    public static MeetSnapshot Build(string meetId, string name, DateOnly date, int races, int runnersPerRace)
    {
        var random = new Random(int.Parse(meetId, System.Globalization.CultureInfo.InvariantCulture));
        var venue = new VenueRecord("Riverbend Park", "Springfield", "OR");
        var raceRecords = new List<RaceRecord>();
        var results = new List<ResultRecord>();
        var baseRaceId = (long.Parse(meetId, System.Globalization.CultureInfo.InvariantCulture) % 10_000) * 1000 + 1_000_000;
        for (var r = 0; r < races; r++)
        {
            var gender = r % 2 == 0 ? "M" : "F";
            var (level, type) = Levels[r / 2 % Levels.Length];
            var (distanceText, meters) = (r / 2 / Levels.Length % 3) switch
            {
                0 => ("5,000 Meters", 5000),
                1 => ("2.95 Miles", 4747),
                _ => ("4,000 Meters", 4000),
            };
            var heat = r / (2 * Levels.Length * 3);
            var raceId = (baseRaceId + r).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var title = $"{(gender == "M" ? "Mens" : "Womens")} {distanceText} {level}{(heat > 0 ? $" Heat {heat + 1}" : "")}";
            raceRecords.Add(new RaceRecord(raceId, title, gender, meters, type, CourseName: null));

            var timeCs = (gender == "M" ? 95_000 : 110_000) * meters / 5000;
            for (var i = 0; i < runnersPerRace; i++)
            {
                // Whole seconds now and then, so ties happen as they do in real meets.
                timeCs += random.Next(0, 4) == 0 ? 0 : random.Next(20, 900);
                var first = FirstNames[random.Next(FirstNames.Length)];
                var last = LastNames[random.Next(LastNames.Length)];
                var (school, team) = Schools[random.Next(Schools.Length)];
                var finished = i != runnersPerRace - 1 || runnersPerRace < 5;
                results.Add(new ResultRecord(
                    new SourceRow("sample", i + 1),
                    raceId,
                    $"{first} {last}",
                    first,
                    last,
                    (20_000_000 + (r * 1000) + i).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    school,
                    team,
                    SchoolSourceKey: null,
                    Grade: i % 11 == 5 ? null : 9 + random.Next(0, 4),
                    finished ? timeCs : null,
                    finished ? FinishStatus.Finished : FinishStatus.DNF,
                    finished ? i + 1 : null,
                    (300_000_000L + (r * 1000) + i).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    NeedsReview: false));
            }
        }

        var schools = results.Select(r => new SchoolRecord(r.SchoolName, r.AthleticNetTeamId, null)).Distinct().ToList();
        return new MeetSnapshot(
            new MeetRecord(meetId, name, date, date.Year, venue.Name, MeetType: null),
            venue,
            Courses: [],
            raceRecords,
            schools,
            results,
            Rejected: [],
            Warnings: []);
    }
}
