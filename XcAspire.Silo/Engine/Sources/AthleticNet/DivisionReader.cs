using System.Text.Json;
using XcAspire.Silo.MeetData;
using XcAspire.Silo.Sources.Parsing;

namespace XcAspire.Silo.Sources.AthleticNet;

/// <summary>An <c>xcDivisions</c> (or <c>flatEvents</c>) entry: one race.</summary>
internal static class DivisionReader
{
    /// <summary>The race, or null with a warning saying why it cannot be imported.</summary>
    public static RaceRecord? Read(JsonElement division, ICollection<string> warnings)
    {
        var id = JsonFields.Id(division, "IDMeetDiv");
        var name = JsonFields.Text(division, "DivName")?.Trim() ?? string.Empty;
        if (id is null || !id.All(char.IsAsciiDigit))
        {
            warnings.Add($"A race entry without a numeric IDMeetDiv was skipped: {Shorten(division.GetRawText())}");
            return null;
        }

        var gender = GenderParser.FromCode(JsonFields.Text(division, "Gender")) ?? GenderParser.FromTitle(name);
        if (gender is null)
        {
            warnings.Add($"Race {id} '{name}' was skipped: its gender is neither M nor F.");
            return null;
        }

        var meters = DistanceParser.Parse(JsonFields.Int(division, "Meters"), name);
        if (meters is null)
        {
            warnings.Add($"Race {id} '{name}' was skipped: no distance in its Meters field or its name.");
            return null;
        }

        var title = GenderParser.FromTitle(name) is null ? $"{GenderParser.TitlePrefix(gender)} {name}".TrimEnd() : name;
        var raceType = RaceTypeParser.Parse(JsonFields.Text(division, "Division"), name);
        return new RaceRecord(id, title, gender, meters.Value, raceType, CourseName: null);
    }

    public static string Shorten(string text) => text.Length <= 160 ? text : text[..160] + "…";
}
