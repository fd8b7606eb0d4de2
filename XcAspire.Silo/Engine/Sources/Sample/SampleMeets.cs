using XcAspire.Silo.MeetData;
using XcAspire.Silo.Sample;

namespace XcAspire.Silo.Sources.Sample;

/// <summary>
/// Small fixed meets built in code, so a sample source works with no generator and no files: a few
/// meets of a few races, with ties, a non-finisher, an unknown grade and an accented name.
/// </summary>
public static class SampleMeets
{
    private static readonly (string Level, string Type)[] Levels =
        [("Varsity", "varsity"), ("JV", "jv"), ("Frosh/Soph", "frosh_soph"), ("Reserves", "reserves"), ("Non Varsity", "non_varsity"), ("Open", "open")];

    /// <summary>School 7001's 2025 season (<see cref="DefaultCatalog"/>): what the admin UI names as the sample season.</summary>
    public const string SeasonSchoolId = "7001";

    public const int SeasonYear = 2025;

    /// <summary>
    /// What the standalone sample source serves: three small fixed meets, a generated 12-race meet
    /// (910001), a generated meet the size of Mt. SAC (920084: 84 races, 10,870 results), and the 2025
    /// season of school 7001 (North Example): the three fixed meets, five more small ones (900004–900008),
    /// one whose results are not posted (900009) and one still to come (900010, four weeks after the day
    /// the source starts). School 7002 (South Example) shares four of those meets in its own 2025 calendar.
    /// </summary>
    public static InMemorySampleMeetCatalog DefaultCatalog()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        IReadOnlyList<MeetSnapshot> fixedMeets =
        [
            Build("900001", "Example Valley Invitational", new DateOnly(2025, 9, 20), races: 4, runnersPerRace: 12),
            Build("900002", "Riverbend Classic", new DateOnly(2025, 10, 4), races: 6, runnersPerRace: 20),
            Build("900003", "League Finals", new DateOnly(2025, 10, 25), races: 2, runnersPerRace: 30),
        ];
        var smallMeets = SampleSeasons.SmallMeets(900004, 5, SeasonYear);
        var notPosted = SampleSeasons.NotPosted("900009", "2025 Valley League Dual", new DateOnly(2025, 10, 15));
        var upcoming = SampleSeasons.Upcoming("900010", "2025 State Championships", SeasonYear, today);
        var season = fixedMeets.Concat(smallMeets).Append(notPosted).Append(upcoming).ToList();
        var shared = season.Where(m => m.Meet.AthleticNetMeetId is "900002" or "900003" or "900005" or "900007" or "900009");
        return new InMemorySampleMeetCatalog(
            season.Concat([
                MeetGenerator.Generate(new MeetGeneratorOptions { MeetId = "910001", MeetName = "Synthetic Invitational" }),
                LargeMeet("920084"),
            ]),
            [
                SampleSeasons.Calendar(SampleSeasons.School(SeasonSchoolId), SeasonYear, season),
                SampleSeasons.Calendar(SampleSeasons.School("7002"), SeasonYear, shared),
            ]);
    }

    /// <summary>An 84-race, 10,870-result generated meet (the benchmark's and the offline run's big meet).</summary>
    public static MeetSnapshot LargeMeet(string meetId) =>
        MeetGenerator.Generate(new MeetGeneratorOptions
        {
            MeetId = meetId, MeetName = "Synthetic Mt. SAC-size Invitational", RaceCount = 84, TotalResults = 10_870, SchoolCount = 500,
        });

    /// <summary>
    /// A meet of <paramref name="races"/> races (alternating boys and girls, cycling through levels and
    /// distances), <paramref name="runnersPerRace"/> rows each, drawn from the one pool of
    /// <see cref="SampleRunners"/> (a runner runs one race of a meet). Race and result ids are the meet's
    /// own (derived from its id), so two meets never share one. The same arguments always give the same meet.
    /// </summary>
    public static MeetSnapshot Build(string meetId, string name, DateOnly date, int races, int runnersPerRace)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(races, 999);
        var meetNumber = long.Parse(meetId, System.Globalization.CultureInfo.InvariantCulture);
        var random = new Random((int)(meetNumber % int.MaxValue));
        var venue = new VenueRecord("Riverbend Park", "Springfield", "OR");
        var raceRecords = new List<RaceRecord>();
        var results = new List<ResultRecord>();
        var used = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal) { ["M"] = [], ["F"] = [] };
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
            var raceId = ((meetNumber * 1000) + r + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var title = $"{(gender == "M" ? "Mens" : "Womens")} {distanceText} {level}{(heat > 0 ? $" Heat {heat + 1}" : "")}";
            raceRecords.Add(new RaceRecord(raceId, title, gender, meters, type, CourseName: null));

            var runners = Pick(SampleRunners.Of(gender), runnersPerRace, used[gender], random);
            var timeCs = (gender == "M" ? 95_000 : 110_000) * meters / 5000;
            for (var i = 0; i < runners.Count; i++)
            {
                // Whole seconds now and then, so ties happen as they do in real meets.
                timeCs += random.Next(0, 4) == 0 ? 0 : random.Next(20, 900);
                var runner = runners[i];
                var finished = i != runners.Count - 1 || runners.Count < 5;
                var grade = 13 - (runner.GradYear - date.Year);
                results.Add(new ResultRecord(
                    new SourceRow("sample", i + 1),
                    raceId,
                    $"{runner.FirstName} {runner.LastName}",
                    runner.FirstName,
                    runner.LastName,
                    runner.AthleteId,
                    runner.School,
                    runner.TeamId,
                    SchoolSourceKey: null,
                    Grade: i % 11 == 5 || grade is < 9 or > 12 ? null : grade,
                    finished ? timeCs : null,
                    finished ? FinishStatus.Finished : FinishStatus.DNF,
                    finished ? i + 1 : null,
                    SampleJson.ResultId(raceId, i).ToString(System.Globalization.CultureInfo.InvariantCulture),
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

    /// <summary>Runners of the pool not yet in another race of this meet, in the meet's own random order.</summary>
    private static List<SampleRunners.Runner> Pick(IReadOnlyList<SampleRunners.Runner> pool, int count, HashSet<int> used, Random random)
    {
        var picked = new List<SampleRunners.Runner>(count);
        while (picked.Count < count && used.Count < pool.Count)
        {
            var index = random.Next(pool.Count);
            if (used.Add(index))
            {
                picked.Add(pool[index]);
            }
        }

        return picked;
    }
}
