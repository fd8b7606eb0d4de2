namespace XcAspire.Silo.Import.Names;

/// <summary>
/// Latin letters with diacritics to plain ASCII. A table rather than Unicode decomposition because
/// the services run with invariant globalization, and because a few letters (ß, æ, ø, ł) have no
/// decomposition at all.
/// </summary>
internal static class Transliteration
{
    private const string From = "àáâãäåāăąçćčďđèéêëēėęěìíîïīįıñńňòóôõöøōőŕřśšşťţùúûüūůűųýÿžźżğ";
    private const string To = "aaaaaaaaacccddeeeeeeeeiiiiiiinnnoooooooorrsssttuuuuuuuuyyzzzg";

    private static readonly Dictionary<char, string> Map = Build();

    public static string Fold(char c) => c < 128 ? c.ToString() : Map.TryGetValue(c, out var plain) ? plain : c.ToString();

    private static Dictionary<char, string> Build()
    {
        var map = new Dictionary<char, string>();
        for (var i = 0; i < From.Length; i++)
        {
            map[From[i]] = To[i].ToString();
        }

        map['ß'] = "ss";
        map['æ'] = "ae";
        map['œ'] = "oe";
        map['ł'] = "l";
        map['þ'] = "th";
        return map;
    }
}
