using System.Text;
using System.Text.RegularExpressions;

namespace XcAspire.ServiceDefaults.Migrations.Adopt;

/// <summary>One statement of an adoption SQL file, introduced by a <c>-- step: description</c> line.</summary>
public sealed record AdoptionStep(string Description, string Sql);

public static partial class AdoptionSteps
{
    /// <summary>The data normalisation steps, in file order.</summary>
    public static IReadOnlyList<AdoptionStep> Normalise { get; } = Parse(Read("normalise.sql"));

    public static IReadOnlyList<AdoptionStep> Parse(string text)
    {
        var steps = new List<AdoptionStep>();
        string? description = null;
        var sql = new StringBuilder();
        foreach (var line in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var marker = StepMarker().Match(line);
            if (marker.Success)
            {
                Flush();
                description = marker.Groups[1].Value.Trim();
            }
            else if (description is not null && !line.StartsWith("--", StringComparison.Ordinal))
            {
                sql.AppendLine(line);
            }
        }

        Flush();
        return steps;

        void Flush()
        {
            if (description is not null && sql.ToString().Trim() is { Length: > 0 } statement)
            {
                steps.Add(new AdoptionStep(description, ExpandFolds(statement)));
            }

            sql.Clear();
        }
    }

    /// <summary>{{fold x}}, {{school_key x}} and {{base_name x}} become the importer's folds in SQL.</summary>
    private static string ExpandFolds(string sql) => FoldMacro().Replace(sql, m => m.Groups[1].Value switch
    {
        "fold" => NameFoldSql.Fold(m.Groups[2].Value),
        "school_key" => NameFoldSql.SchoolKey(m.Groups[2].Value),
        _ => NameFoldSql.BaseName(m.Groups[2].Value),
    });

    private static string Read(string fileName)
    {
        var assembly = typeof(AdoptionSteps).Assembly;
        using var stream = assembly.GetManifestResourceStream("XcAspire.Adopt." + fileName)
            ?? throw new InvalidOperationException($"Embedded adoption script {fileName} cannot be read.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"\{\{(fold|school_key|base_name) (\w+)\}\}")]
    private static partial Regex FoldMacro();

    [GeneratedRegex(@"^--\s*step:\s*(.+)$")]
    private static partial Regex StepMarker();
}
