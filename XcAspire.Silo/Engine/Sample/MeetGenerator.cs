using XcAspire.Silo.MeetData;

namespace XcAspire.Silo.Sample;

/// <summary>
/// A synthetic meet, deterministic from its options (tests, the sample source and the benchmark all
/// use it): races of both genders and several distances, realistic names with accents, apostrophes
/// and hyphens, the same name at two schools, ties (whole-second meets), case and middle-name
/// variants of pool athletes, an athlete listed twice in a race, missing grades, DNF/DNS rows.
/// </summary>
public static class MeetGenerator
{
    private static readonly (int Metres, string Display, decimal Difficulty)[] Distances =
        [(5000, "5,000 Meters", 1.1336m), (4747, "2.95 Miles", 1.18m), (3218, "2 Miles", 1.09m), (4000, "4,000 Meters", 1.12m)];

    private static readonly string[] RaceTypes = ["Varsity", "JV", "Frosh/Soph", "Reserves", "Open"];

    public static MeetSnapshot Generate(MeetGeneratorOptions o)
    {
        var season = o.SeasonYear ?? o.Date.Year;
        var pool = AthletePool.Build(o, season);
        var random = new Random(o.Seed);
        var venue = new VenueRecord($"Synthetic Park {o.MeetId}", "San Jose", "CA");
        var races = new List<RaceRecord>();
        var usedDistances = new List<(int Metres, string Display, decimal Difficulty)>();
        for (var i = 0; i < o.RaceCount; i++)
        {
            var distance = Distances[(i / 2) % Math.Min(Distances.Length, Math.Max(1, o.RaceCount / 8 + 1))];
            if (!usedDistances.Contains(distance))
            {
                usedDistances.Add(distance);
            }

            var gender = i % 2 == 0 ? "M" : "F";
            var type = RaceTypes[(i / 2) % RaceTypes.Length];
            var heat = i / (2 * RaceTypes.Length) + 1;
            var title = $"{(gender == "M" ? "Mens" : "Womens")} {distance.Display} {type}{(heat > 1 ? $" Heat {heat}" : "")}";
            races.Add(new RaceRecord((long.Parse(o.MeetId, System.Globalization.CultureInfo.InvariantCulture) * 1000 + i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                title, gender, distance.Metres, type == "Frosh/Soph" ? "frosh_soph" : type.ToLowerInvariant(), CourseName(venue.Name, distance.Display)));
        }

        var courses = usedDistances.Select(d => new CourseRecord(CourseName(venue.Name, d.Display), venue.Name, d.Metres, d.Display, d.Difficulty)).ToList();
        var results = new List<ResultRecord>(o.TotalResults);
        var usedByGender = new Dictionary<string, HashSet<int>> { ["M"] = [], ["F"] = [] };
        var damagedLeft = o.DamagedNameCount;
        var twiceLeft = o.TwiceInRaceCount;
        var line = 2;
        for (var i = 0; i < races.Count; i++)
        {
            var race = races[i];
            var count = o.TotalResults / races.Count + (i < o.TotalResults % races.Count ? 1 : 0);
            var athletes = pool.Pick(race.Gender, count, usedByGender[race.Gender], random);
            var distanceFactor = race.DistanceMeters / 5000.0;
            var rows = new List<(AthletePool.Athlete Athlete, int? Time, FinishStatus Status, string Name)>();
            foreach (var athlete in athletes)
            {
                var status = random.NextDouble() < o.NonFinisherRate ? (random.Next(2) == 0 ? FinishStatus.DNF : FinishStatus.DNS) : FinishStatus.Finished;
                var baseTime = (race.Gender == "M" ? 1000 : 1150) + (athlete.Ability * 500) + (random.NextDouble() * 60);
                var cs = (int)(baseTime * distanceFactor * 100);
                cs = o.WholeSeconds ? cs / 100 * 100 : cs;
                var name = athlete.Name;
                if (random.NextDouble() < o.NameVariantRate)
                {
                    name = Variant(name, random);
                }

                if (damagedLeft > 0 && name.Any(c => c > 127))
                {
                    name = new string(name.Select(c => c > 127 ? '\uFFFD' : c).ToArray());
                    damagedLeft--;
                }

                rows.Add((athlete, status == FinishStatus.Finished ? cs : null, status, name));
            }

            if (twiceLeft > 0 && rows.FirstOrDefault(r => r.Status == FinishStatus.Finished) is { Athlete: not null } twice)
            {
                rows.Add((twice.Athlete, twice.Time + 4213, FinishStatus.Finished, twice.Name));
                twiceLeft--;
            }

            var place = 0;
            foreach (var row in rows.OrderBy(r => r.Time ?? int.MaxValue).ThenBy(r => r.Name, StringComparer.Ordinal))
            {
                var missingGrade = random.NextDouble() < o.MissingGradeRate;
                var grade = 13 - (row.Athlete.GradYear - season);
                var parts = row.Name.Split(' ');
                results.Add(new ResultRecord(
                    new SourceRow("results.csv", line++), race.AthleticNetRaceId, row.Name, parts[0], parts[^1], null,
                    row.Athlete.School.Name, null, row.Athlete.School.Key, missingGrade ? null : grade, row.Time, row.Status,
                    row.Status == FinishStatus.Finished ? ++place : null, null, row.Name.Contains('\uFFFD', StringComparison.Ordinal)));
            }
        }

        var schools = results.Select(r => r.SchoolSourceKey!).Distinct(StringComparer.Ordinal)
            .Select(key => pool.Schools.First(s => s.Key == key)).Select(s => new SchoolRecord(s.Name, null, s.Key)).ToList();
        var meet = new MeetRecord(o.MeetId, o.MeetName, o.Date, season, venue.Name, "invitational");
        return new MeetSnapshot(meet, venue, courses, races, schools, results, [], []);
    }

    private static string CourseName(string venue, string display) => $"{venue}, {display}";

    /// <summary>Another spelling of the same runner: all capitals, a lower-case surname, or a middle initial.</summary>
    private static string Variant(string name, Random random)
    {
        var parts = name.Split(' ');
        return random.Next(3) switch
        {
            0 => name.ToUpperInvariant(),
            1 when parts.Length >= 2 => string.Join(' ', parts[..^1]) + " " + parts[^1].ToLowerInvariant(),
            _ => parts.Length >= 2 ? $"{parts[0]} {NameLists.Middle[random.Next(NameLists.Middle.Length)]} {string.Join(' ', parts[1..])}" : name,
        };
    }
}
