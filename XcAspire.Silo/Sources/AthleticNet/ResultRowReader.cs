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

        var fields = RowFields.Collect(row, unrecognised);
        var firstName = JsonFields.Text(fields.FirstName);
        var lastName = JsonFields.Text(fields.LastName);
        var name = NameText.FullName(firstName, lastName);
        if (name is null)
        {
            rejected.Add(new RejectedRow(source, raceId, "the row has no athlete name (FirstName/LastName)", row.GetRawText()));
            return;
        }

        var school = JsonFields.Text(JsonFields.Present(fields.SchoolName) ?? fields.TeamName);
        if (string.IsNullOrWhiteSpace(school))
        {
            rejected.Add(new RejectedRow(source, raceId, $"'{name}' has no school name (SchoolName/TeamName)", row.GetRawText()));
            return;
        }

        var time = TimeParser.Parse(JsonFields.Text(fields.Result), JsonFields.Number(fields.SortValue));
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
            JsonFields.Id(fields.AthleteId),
            school,
            JsonFields.Id(JsonFields.Present(fields.TeamId) ?? JsonFields.Present(fields.SchoolId) ?? fields.IdSchool),
            SchoolSourceKey: null,
            GradeParser.Parse(JsonFields.Text(fields.Grade) ?? JsonFields.Text(fields.AgeGrade)),
            time.TimeCs,
            time.Status,
            JsonFields.Int(fields.Place) is { } place && place > 0 ? place : null,
            JsonFields.Id(fields.IdResult),
            NameText.NeedsReview(name)));
    }

    /// <summary>
    /// The fields a row is read from, found in one pass over its properties (which also notes the unknown
    /// ones) rather than one search per field: a large meet has over ten thousand rows. A repeated name
    /// keeps its last value, as a lookup by name does.
    /// </summary>
    private struct RowFields
    {
        public JsonElement? FirstName;
        public JsonElement? LastName;
        public JsonElement? SchoolName;
        public JsonElement? TeamName;
        public JsonElement? Result;
        public JsonElement? SortValue;
        public JsonElement? AthleteId;
        public JsonElement? TeamId;
        public JsonElement? SchoolId;
        public JsonElement? IdSchool;
        public JsonElement? Grade;
        public JsonElement? AgeGrade;
        public JsonElement? Place;
        public JsonElement? IdResult;

        public static RowFields Collect(JsonElement row, ISet<string> unrecognised)
        {
            var fields = default(RowFields);
            foreach (var property in row.EnumerateObject())
            {
                var value = property.Value;
                switch (property.Name)
                {
                    case "FirstName": fields.FirstName = value; break;
                    case "LastName": fields.LastName = value; break;
                    case "SchoolName": fields.SchoolName = value; break;
                    case "TeamName": fields.TeamName = value; break;
                    case "Result": fields.Result = value; break;
                    case "SortValue": fields.SortValue = value; break;
                    case "AthleteID": fields.AthleteId = value; break;
                    case "TeamID": fields.TeamId = value; break;
                    case "SchoolID": fields.SchoolId = value; break;
                    case "IDSchool": fields.IdSchool = value; break;
                    case "Grade": fields.Grade = value; break;
                    case "AgeGrade": fields.AgeGrade = value; break;
                    case "Place": fields.Place = value; break;
                    case "IDResult": fields.IdResult = value; break;
                    case var other when !KnownFields.ResultRow.Contains(other): unrecognised.Add(other); break;
                    default: break;
                }
            }

            return fields;
        }
    }
}
