using XcAspire.ServiceDefaults.Migrations.Adopt;
using XcAspire.Silo.Import.Names;
using XcAspire.Testing;

namespace XcAspire.Adopt.Tests;

/// <summary>The site's existing rows get their folded names from SQL; the importer folds in C#. They must agree.</summary>
public sealed class NameFoldSqlTests
{
    private static readonly string[] Names =
    [
        "José O'Neil-Díaz", "JOSE ONEIL DIAZ", "Jose O’Neil Diaz", "Runner A. Middle", "Runner Middle", "First De la Xxx Jr.",
        "Ægir Łukasz Þór", "Straße Ñandú", "St. Margaret’s", "St. Margaret's", "Convent & Stuart Hall", "Burroughs (Ridgecrest)",
        "38-Unattached", "Mu\uFFFDoz Jos\uFFFD", "  Two   Spaces  ", "Smith III", "A jr jr jr", "Runner (JJ) Smith Jr", "Élan", "...",
        "Sam Smith-Jones IV", "Zoë Brontë", "Ana", "Hill Valley", "Abraham Lincoln (SJ)", "ÉMILE ÇELIK", "D'Andre St.John",
    ];

    [Fact]
    public async Task The_sql_folds_agree_with_the_importer()
    {
        await using var db = await TestPostgres.CreateEmptyAsync();
        foreach (var name in Names)
        {
            var literal = "'" + name.Replace("'", "''", StringComparison.Ordinal) + "'";

            Assert.Equal(NameFolding.Fold(name), await db.ScalarAsync<string>($"SELECT {NameFoldSql.Fold(literal)}"));
            Assert.Equal(NameFolding.SchoolKey(name), await db.ScalarAsync<string>($"SELECT {NameFoldSql.SchoolKey(literal)}"));
            Assert.Equal(NameFolding.BaseName(name), await db.ScalarAsync<string>($"SELECT {NameFoldSql.BaseName(literal)}"));
        }
    }
}
