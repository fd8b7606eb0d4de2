using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
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

        private const int LongestPlainName = 64;

        public static RowFields Collect(JsonElement row, ISet<string> unrecognised)
        {
            var fields = default(RowFields);
            // Names are compared as they stand in the answer (ASCII, no escapes) without making a string of
            // each: a row has some twenty fields. Any other name is read as a string, as before.
            Span<char> buffer = stackalloc char[LongestPlainName];
            foreach (var property in row.EnumerateObject())
            {
                var raw = JsonMarshal.GetRawUtf8PropertyName(property);
                var name = raw.Length <= buffer.Length && !raw.Contains((byte)'\\') && Ascii.ToUtf16(raw, buffer, out var length) == OperationStatus.Done
                    ? buffer[..length]
                    : property.Name.AsSpan();
                if (!fields.Take(name, property.Value) && !KnownFields.ResultRowLookup.Contains(name))
                {
                    unrecognised.Add(name.ToString());
                }
            }

            return fields;
        }

        /// <summary>Keeps the value when the name is one read here; false when it is not.</summary>
        private bool Take(ReadOnlySpan<char> name, JsonElement value)
        {
            switch (name)
            {
                case "FirstName": FirstName = value; break;
                case "LastName": LastName = value; break;
                case "SchoolName": SchoolName = value; break;
                case "TeamName": TeamName = value; break;
                case "Result": Result = value; break;
                case "SortValue": SortValue = value; break;
                case "AthleteID": AthleteId = value; break;
                case "TeamID": TeamId = value; break;
                case "SchoolID": SchoolId = value; break;
                case "IDSchool": IdSchool = value; break;
                case "Grade": Grade = value; break;
                case "AgeGrade": AgeGrade = value; break;
                case "Place": Place = value; break;
                case "IDResult": IdResult = value; break;
                default: return false;
            }

            return true;
        }
    }
}
