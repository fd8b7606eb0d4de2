using System.Text.Json;
using XcAspire.Silo.MeetData;
using XcAspire.Silo.Sources.Parsing;

namespace XcAspire.Silo.Sources.AthleticNet;

/// <summary>One result row of GetAllResultsData or GetResultsData3: a result, or a rejected row with its reason.</summary>
internal static class ResultRowReader
{
    public static void Read(
        JsonElement row, string raceId, SourceRow source, List<ResultRecord> results, List<RejectedRow> rejected, ISet<string> unrecognised)
    {
        if (row.ValueKind != JsonValueKind.Object)
        {
            rejected.Add(new RejectedRow(source, raceId, "the row is not a JSON object", row.GetRawText()));
            return;
        }

        foreach (var property in row.EnumerateObject())
        {
            if (!KnownFields.ResultRow.Contains(property.Name))
            {
                unrecognised.Add(property.Name);
            }
        }

        var firstName = JsonFields.Text(row, "FirstName");
        var lastName = JsonFields.Text(row, "LastName");
        var name = NameText.FullName(firstName, lastName);
        if (name is null)
        {
            rejected.Add(new RejectedRow(source, raceId, "the row has no athlete name (FirstName/LastName)", row.GetRawText()));
            return;
        }

        var school = JsonFields.Text(row, "SchoolName", "TeamName");
        if (string.IsNullOrWhiteSpace(school))
        {
            rejected.Add(new RejectedRow(source, raceId, $"'{name}' has no school name (SchoolName/TeamName)", row.GetRawText()));
            return;
        }

        var time = TimeParser.Parse(JsonFields.Text(row, "Result"), JsonFields.Number(row, "SortValue"));
        if (!time.IsValid)
        {
            rejected.Add(new RejectedRow(source, raceId, $"'{name}': {time.Error}", row.GetRawText()));
            return;
        }

        results.Add(new ResultRecord(
            source,
            raceId,
            name,
            firstName,
            lastName,
            JsonFields.Id(row, "AthleteID"),
            school,
            JsonFields.Id(row, "TeamID", "SchoolID", "IDSchool"),
            SchoolSourceKey: null,
            GradeParser.Parse(JsonFields.Text(row, "Grade") ?? JsonFields.Text(row, "AgeGrade")),
            time.TimeCs,
            time.Status,
            JsonFields.Int(row, "Place") is { } place && place > 0 ? place : null,
            JsonFields.Id(row, "IDResult"),
            NameText.NeedsReview(name)));
    }
}
