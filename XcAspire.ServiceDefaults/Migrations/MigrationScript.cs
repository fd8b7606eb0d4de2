using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace XcAspire.ServiceDefaults.Migrations;

/// <summary>One numbered SQL file, e.g. <c>0001_domain.sql</c>.</summary>
public sealed partial record MigrationScript(int Version, string Name, string Sql)
{
    /// <summary>SHA-256 of the text with line endings normalised, so a checkout with CRLF does not look changed.</summary>
    public string Checksum { get; } = ComputeChecksum(Sql);

    public static MigrationScript Parse(string fileName, string sql)
    {
        var match = FileNamePattern().Match(fileName);
        if (!match.Success)
        {
            throw new InvalidOperationException(
                $"Migration file '{fileName}' is not named NNNN_description.sql.");
        }

        return new MigrationScript(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), fileName, sql);
    }

    /// <summary>The migrations embedded in this assembly, in version order.</summary>
    public static IReadOnlyList<MigrationScript> Embedded()
    {
        const string prefix = "XcAspire.Migrations.";
        var assembly = typeof(MigrationScript).Assembly;
        var scripts = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => Parse(n[prefix.Length..], ReadResource(assembly, n)))
            .ToList();
        return InOrder(scripts);
    }

    /// <summary>Sorts by version and refuses duplicate versions.</summary>
    public static IReadOnlyList<MigrationScript> InOrder(IEnumerable<MigrationScript> scripts)
    {
        var ordered = scripts.OrderBy(s => s.Version).ToList();
        var duplicate = ordered.GroupBy(s => s.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException(
                $"Two migrations share version {duplicate.Key}: {string.Join(", ", duplicate.Select(s => s.Name))}.");
        }

        return ordered;
    }

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded migration {name} cannot be read.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static string ComputeChecksum(string sql)
    {
        var normalized = sql.Replace("\r\n", "\n", StringComparison.Ordinal);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalized)));
    }

    [GeneratedRegex(@"^(\d{4})_[a-z0-9_]+\.sql$")]
    private static partial Regex FileNamePattern();
}
