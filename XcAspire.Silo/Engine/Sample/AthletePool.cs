namespace XcAspire.Silo.Sample;

/// <summary>The schools and athletes meets draw from, deterministic from the pool seed.</summary>
internal sealed class AthletePool
{
    public sealed record School(string Name, string Key);

    public sealed record Athlete(string Name, School School, string Gender, int GradYear, double Ability);

    private readonly Dictionary<string, List<Athlete>> byGender;

    private AthletePool(List<School> schools, Dictionary<string, List<Athlete>> athletes)
    {
        Schools = schools;
        byGender = athletes;
    }

    public IReadOnlyList<School> Schools { get; }

    public static AthletePool Build(MeetGeneratorOptions o, int season)
    {
        var random = new Random(o.PoolSeed);
        var schools = new List<School>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; schools.Count < o.SchoolCount; i++)
        {
            var word = NameLists.SchoolWords[i % NameLists.SchoolWords.Length];
            var suffix = NameLists.SchoolSuffixes[(i / NameLists.SchoolWords.Length) % NameLists.SchoolSuffixes.Length];
            var round = i / (NameLists.SchoolWords.Length * NameLists.SchoolSuffixes.Length);
            var name = word + suffix + (round > 0 ? $" {round + 1}" : "");
            if (names.Add(name))
            {
                schools.Add(new School(name, "school_" + name.ToLowerInvariant().Replace(' ', '_')));
            }
        }

        var perSchool = o.AthletesPerSchool > 0 ? o.AthletesPerSchool : (int)Math.Ceiling(o.TotalResults * 0.75 / Math.Max(1, o.SchoolCount)) + 2;
        var athletes = new Dictionary<string, List<Athlete>> { ["M"] = [], ["F"] = [] };
        foreach (var school in schools)
        {
            foreach (var gender in new[] { "M", "F" })
            {
                var taken = new HashSet<string>(StringComparer.Ordinal);
                for (var n = 0; n < perSchool; n++)
                {
                    var first = gender == "M" ? NameLists.BoysFirst : NameLists.GirlsFirst;
                    var name = $"{first[random.Next(first.Length)]} {NameLists.Last[random.Next(NameLists.Last.Length)]}";
                    if (random.Next(40) == 0)
                    {
                        name += " " + NameLists.Suffixes[random.Next(NameLists.Suffixes.Length)];
                    }

                    // One runner per name per school and gender: two runners of one name at one school
                    // cannot be told apart by any source either.
                    if (!taken.Add(name))
                    {
                        continue;
                    }

                    athletes[gender].Add(new Athlete(name, school, gender, season + 1 + random.Next(4), random.NextDouble()));
                }
            }
        }

        return new AthletePool(schools, athletes);
    }

    /// <summary>Athletes of a gender not yet placed in another race of this meet.</summary>
    public List<Athlete> Pick(string gender, int count, HashSet<int> used, Random random)
    {
        var all = byGender[gender];
        var picked = new List<Athlete>(count);
        var guard = 0;
        while (picked.Count < count && used.Count < all.Count && guard++ < count * 50)
        {
            var index = random.Next(all.Count);
            if (used.Add(index))
            {
                picked.Add(all[index]);
            }
        }

        return picked;
    }
}
