namespace XcAspire.ServiceDefaults.Migrations.Adopt;

/// <summary>
/// The importer's name folds (XcAspire.Silo/Import/Names/NameFolding) as SQL expressions, so the
/// site's existing schools and athletes get the normalised names the importer matches on. The
/// adoption tests compare both on awkward names; change them together.
/// </summary>
public static class NameFoldSql
{
    // Latin letters with diacritics (both cases) to plain ASCII, as Transliteration does.
    private const string From = "ÀÁÂÃÄÅĀĂĄÇĆČĎĐÈÉÊËĒĖĘĚÌÍÎÏĪĮÑŃŇÒÓÔÕÖØŌŐŔŘŚŠŞŤŢÙÚÛÜŪŮŰŲÝŸŽŹŻĞàáâãäåāăąçćčďđèéêëēėęěìíîïīįıñńňòóôõöøōőŕřśšşťţùúûüūůűųýÿžźżğłŁ";
    private const string To = "aaaaaaaaacccddeeeeeeeeiiiiiinnnoooooooorrsssttuuuuuuuuyyzzzgaaaaaaaaacccddeeeeeeeeiiiiiiinnnoooooooorrsssttuuuuuuuuyyzzzgll";

    /// <summary>Lower case, accents transliterated, apostrophes and periods dropped, other runs of punctuation one space.</summary>
    public static string Fold(string expression) =>
        "btrim(regexp_replace(regexp_replace(lower(" +
        "replace(replace(replace(replace(replace(replace(replace(" +
        $"translate({expression}, '{From}', '{To}')" +
        ", 'ß', 'ss'), 'æ', 'ae'), 'Æ', 'ae'), 'œ', 'oe'), 'Œ', 'oe'), 'þ', 'th'), 'Þ', 'th'))" +
        ", '[''’‘`´.]', '', 'g'), '[^[:alnum:]\uFFFD]+', ' ', 'g'))";

    /// <summary>A school name as matching compares it: '&amp;' read as 'and', then folded.</summary>
    public static string SchoolKey(string expression) =>
        $"coalesce(nullif({Fold($"replace({expression}, '&', ' and ')")}, ''), lower(btrim({expression})))";

    /// <summary>
    /// First and last name only, folded: nicknames in parentheses and trailing suffixes (Jr, III)
    /// dropped while more than two words remain, middle names skipped.
    /// </summary>
    public static string BaseName(string expression)
    {
        var folded = Fold($"regexp_replace({expression}, '\\([^()]*\\)', '', 'g')");
        var words = $"string_to_array(nullif({folded}, ''), ' ')";
        var suffixes = $"coalesce(array_length(string_to_array(btrim(substring(' ' || {folded} FROM '((?: (?:jr|sr|ii|iii|iv|v))+)$')), ' '), 1), 0)";
        var count = $"coalesce(array_length({words}, 1), 0)";
        return $"(CASE {count} WHEN 0 THEN {Fold(expression)} WHEN 1 THEN ({words})[1] " +
               $"ELSE ({words})[1] || ' ' || ({words})[CASE WHEN {count} <= 2 THEN {count} ELSE greatest(2, {count} - {suffixes}) END] END)";
    }
}
