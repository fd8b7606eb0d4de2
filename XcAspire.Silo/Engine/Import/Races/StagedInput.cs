using Npgsql;
using NpgsqlTypes;
using XcAspire.Silo.Import.Names;
using XcAspire.Silo.MeetData;

namespace XcAspire.Silo.Import.Races;

/// <summary>
/// A race's input rows in the per-connection staging tables: every result row and every rejected
/// row of the race, with the folded names matching compares, written by one binary COPY. The tables
/// are temporary (ON COMMIT DELETE ROWS), so they outlive a transaction only empty and are created
/// once per connection.
/// </summary>
internal static class StagedInput
{
    public const string CreateTables =
        """
        CREATE TEMP TABLE IF NOT EXISTS xc_stage (
            ord int NOT NULL, src_file text NOT NULL, src_line int NOT NULL, raw_text text, reject_reason text,
            athlete_name text, first_name text, last_name text, an_athlete_id text,
            school_name text, school_norm text, team_id text, school_key text,
            norm_name text, base_name text, slug_base text,
            grade smallint, grad_year int, time_cs int, status text, place int, source_result_id text, needs_review bool,
            row_flag text,
            school_id uuid, athlete_id uuid, outcome text, reason text, flag_reason text,
            result_id uuid, old_time_cs int, old_status text
        ) ON COMMIT DELETE ROWS;
        CREATE TEMP TABLE IF NOT EXISTS xc_school (
            team_id text, school_key text, school_norm text NOT NULL, school_name text NOT NULL, school_id uuid
        ) ON COMMIT DELETE ROWS;
        CREATE TEMP TABLE IF NOT EXISTS xc_athlete (
            first_ord int PRIMARY KEY, school_id uuid NOT NULL, athlete_name text NOT NULL, first_name text, last_name text,
            an_athlete_id text, norm_name text NOT NULL, base_name text NOT NULL, slug_base text NOT NULL,
            grad_year int, gender text NOT NULL, needs_review bool NOT NULL,
            athlete_id uuid, tier text, matched_name text, matched_grad_year int, candidates int, near_id uuid, flag_type text, slug_used int NOT NULL DEFAULT 0
        ) ON COMMIT DELETE ROWS;
        DELETE FROM xc_stage; DELETE FROM xc_school; DELETE FROM xc_athlete;
        """;

    /// <summary>Stages the race's rows; <paramref name="raceRejection"/> rejects every row (the race itself is unusable).</summary>
    public static async Task CopyAsync(
        NpgsqlConnection conn, MeetSnapshot meet, IReadOnlyList<ResultRecord> results, IReadOnlyList<RejectedRow> rejected,
        string? raceRejection, CancellationToken ct)
    {
        await using var writer = await conn.BeginBinaryImportAsync(
            """
            COPY xc_stage (ord, src_file, src_line, raw_text, reject_reason, athlete_name, first_name, last_name, an_athlete_id,
                school_name, school_norm, team_id, school_key, norm_name, base_name, slug_base,
                grade, grad_year, time_cs, status, place, source_result_id, needs_review, row_flag) FROM STDIN (FORMAT BINARY)
            """,
            ct);
        var ord = 0;
        foreach (var row in results)
        {
            var reason = raceRejection ?? RowRejection(row);
            int? grade = row.Grade is >= 1 and <= 12 ? row.Grade : null;
            var rowFlag = row.Grade is { } given && grade is null ? $"grade {given} is outside 1–12; stored as unknown" : null;
            var name = row.AthleteName.Trim();
            var norm = NameFolding.Fold(name) is { Length: > 0 } folded ? folded : name.ToLowerInvariant();
            var schoolName = row.SchoolName.Trim();
            await writer.StartRowAsync(ct);
            await writer.WriteAsync(ord++, NpgsqlDbType.Integer, ct);
            await writer.WriteAsync(row.Source.File, NpgsqlDbType.Text, ct);
            await writer.WriteAsync(row.Source.Line, NpgsqlDbType.Integer, ct);
            await WriteNullableAsync(writer, null, ct);
            await WriteNullableAsync(writer, reason, ct);
            // A rejected row's name is kept for the report only: a cut-off copy of an over-long one does.
            await WriteNullableAsync(writer, reason is null ? name : Shorten(name), ct);
            await WriteNullableAsync(writer, row.FirstName, ct);
            await WriteNullableAsync(writer, row.LastName, ct);
            await WriteNullableAsync(writer, string.IsNullOrWhiteSpace(row.AthleticNetAthleteId) ? null : row.AthleticNetAthleteId, ct);
            await WriteNullableAsync(writer, schoolName.Length > 0 ? schoolName : row.SchoolSourceKey ?? row.AthleticNetTeamId, ct);
            await WriteNullableAsync(writer, NameFolding.SchoolKey(schoolName.Length > 0 ? schoolName : row.SchoolSourceKey ?? row.AthleticNetTeamId ?? "?"), ct);
            await WriteNullableAsync(writer, string.IsNullOrWhiteSpace(row.AthleticNetTeamId) ? null : row.AthleticNetTeamId, ct);
            await WriteNullableAsync(writer, string.IsNullOrWhiteSpace(row.SchoolSourceKey) ? null : row.SchoolSourceKey, ct);
            await WriteNullableAsync(writer, norm, ct);
            await WriteNullableAsync(writer, NameFolding.BaseName(name) is { Length: > 0 } b ? b : norm, ct);
            await WriteNullableAsync(writer, NameFolding.Slug(name), ct);
            await WriteIntAsync(writer, grade, NpgsqlDbType.Smallint, ct);
            await WriteIntAsync(writer, grade is { } gr ? meet.Meet.SeasonYear + 13 - gr : null, NpgsqlDbType.Integer, ct);
            await WriteIntAsync(writer, row.Status == FinishStatus.Finished ? row.TimeCs : null, NpgsqlDbType.Integer, ct);
            await writer.WriteAsync(row.Status.ToString(), NpgsqlDbType.Text, ct);
            await WriteIntAsync(writer, row.Place is > 0 ? row.Place : null, NpgsqlDbType.Integer, ct);
            await WriteNullableAsync(writer, string.IsNullOrWhiteSpace(row.SourceResultId) ? null : row.SourceResultId, ct);
            await writer.WriteAsync(row.NeedsReview, NpgsqlDbType.Boolean, ct);
            await WriteNullableAsync(writer, rowFlag, ct);
        }

        foreach (var row in rejected)
        {
            await writer.StartRowAsync(ct);
            await writer.WriteAsync(ord++, NpgsqlDbType.Integer, ct);
            await writer.WriteAsync(row.Source.File, NpgsqlDbType.Text, ct);
            await writer.WriteAsync(row.Source.Line, NpgsqlDbType.Integer, ct);
            await WriteNullableAsync(writer, Truncate(row.RawText), ct);
            await WriteNullableAsync(writer, row.Reason, ct);
            for (var i = 0; i < 11; i++)
            {
                await writer.WriteNullAsync(ct);
            }

            await writer.WriteNullAsync(ct);
            await writer.WriteNullAsync(ct);
            await writer.WriteNullAsync(ct);
            await writer.WriteAsync("Rejected", NpgsqlDbType.Text, ct);
            await writer.WriteNullAsync(ct);
            await writer.WriteNullAsync(ct);
            await writer.WriteAsync(false, NpgsqlDbType.Boolean, ct);
            await writer.WriteNullAsync(ct);
        }

        await writer.CompleteAsync(ct);
    }

    /// <summary>Why a result row cannot be imported as it stands, or NULL.</summary>
    private static string? RowRejection(ResultRecord row)
    {
        if (string.IsNullOrWhiteSpace(row.AthleteName))
        {
            return "athlete name is empty";
        }

        if (string.IsNullOrWhiteSpace(row.SchoolName) && string.IsNullOrWhiteSpace(row.SchoolSourceKey) && string.IsNullOrWhiteSpace(row.AthleticNetTeamId))
        {
            return "school is empty";
        }

        if (TextProblem(row) is { } problem)
        {
            return problem;
        }

        if (row.Status == FinishStatus.Finished && row.TimeCs is not (> 0 and < 99999900))
        {
            return row.TimeCs is null ? "a finisher without a time" : $"time {row.TimeCs} cs is out of range";
        }

        return null;
    }

    private static string? TextProblem(ResultRecord row) =>
        TextRules.NameProblem("athlete name", row.AthleteName.Trim())
        ?? TextRules.NameProblem("first name", row.FirstName)
        ?? TextRules.NameProblem("last name", row.LastName)
        ?? TextRules.NameProblem("school name", row.SchoolName.Trim())
        ?? TextRules.KeyProblem("Athletic.net athlete id", row.AthleticNetAthleteId)
        ?? TextRules.KeyProblem("Athletic.net team id", row.AthleticNetTeamId)
        ?? TextRules.KeyProblem("school key", row.SchoolSourceKey)
        ?? TextRules.KeyProblem("source result id", row.SourceResultId);

    private static string? Truncate(string? text) => text is { Length: > 2000 } ? text[..2000] + "…" : text;

    private static string Shorten(string text) => text.Length > TextRules.MaxNameLength ? text[..TextRules.MaxNameLength] + "…" : text;

    private static Task WriteNullableAsync(NpgsqlBinaryImporter writer, string? value, CancellationToken ct) =>
        value is null ? writer.WriteNullAsync(ct) : writer.WriteAsync(value, NpgsqlDbType.Text, ct);

    private static Task WriteIntAsync(NpgsqlBinaryImporter writer, int? value, NpgsqlDbType type, CancellationToken ct) =>
        value is null ? writer.WriteNullAsync(ct)
        : type == NpgsqlDbType.Smallint ? writer.WriteAsync((short)value.Value, type, ct)
        : writer.WriteAsync(value.Value, type, ct);
}
