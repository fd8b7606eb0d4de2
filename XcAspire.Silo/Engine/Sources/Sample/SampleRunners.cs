namespace XcAspire.Silo.Sources.Sample;

/// <summary>
/// The runners every fixed sample meet draws from: one pool, so a runner keeps the same Athletic.net
/// athlete id, name, school and grad year in every meet, as on Athletic.net. (Ids handed out by position
/// in each meet gave one id a different runner per meet, and importing a second meet matched its
/// runners to the first meet's athletes by id.)
/// </summary>
internal static class SampleRunners
{
    public sealed record Runner(string AthleteId, string FirstName, string LastName, string School, string TeamId, int GradYear);

    private static readonly string[] FirstNames =
        ["Milo", "Ava", "Ravi", "June", "Theo", "Noor", "Lucía", "Owen", "Maya", "Kai", "Zoë", "Eli", "Ines", "Sam", "Ada", "Leo"];

    private static readonly string[] LastNames =
        ["Fenwick", "Marchetti", "Okafor", "Castellanos", "Lindqvist", "Whitfield", "Núñez", "O'Brien", "Tran", "Van der Berg", "Kowalski", "Haddad"];

    public static readonly (string Name, string Team)[] Schools =
        [("North Example", "7001"), ("South Example", "7002"), ("East Example", "7003"), ("West Example", "7004"), ("Lake Example", "7005"), ("Hill Example", "7006")];

    /// <summary>Runners per gender: every first and last name pairs once in the whole pool.</summary>
    public const int PerGender = 96;

    private static readonly IReadOnlyDictionary<string, IReadOnlyList<Runner>> Pool = Build();

    public static IReadOnlyList<Runner> Of(string gender) => Pool[gender];

    private static Dictionary<string, IReadOnlyList<Runner>> Build()
    {
        var random = new Random(2025);
        var names = FirstNames.SelectMany(first => LastNames.Select(last => (first, last))).OrderBy(_ => random.Next()).ToList();
        Runner Make(int i, string gender)
        {
            var (first, last) = names[(gender == "M" ? 0 : PerGender) + i];
            var (school, team) = Schools[random.Next(Schools.Length)];
            var id = (gender == "M" ? 20_000_000 : 20_100_000) + i;
            return new Runner(id.ToString(System.Globalization.CultureInfo.InvariantCulture), first, last, school, team, 2026 + random.Next(4));
        }

        var boys = Enumerable.Range(0, PerGender).Select(i => Make(i, "M")).ToList();
        var girls = Enumerable.Range(0, PerGender).Select(i => Make(i, "F")).ToList();
        return new Dictionary<string, IReadOnlyList<Runner>>(StringComparer.Ordinal) { ["M"] = boys, ["F"] = girls };
    }
}
