using XcAspire.Silo.Import.Names;

namespace XcAspire.Import.Tests;

public sealed class NameFoldingTests
{
    [Theory]
    [InlineData("José O'Neil-Díaz", "jose oneil diaz")]
    [InlineData("JOSE O’NEIL DIAZ", "jose oneil diaz")]
    [InlineData("Zoë  Bergström", "zoe bergstrom")]
    [InlineData("St. Margaret's", "st margarets")]
    public void Fold_removes_case_accents_and_punctuation(string name, string folded) => Assert.Equal(folded, NameFolding.Fold(name));

    [Theory]
    [InlineData("Runner A. Middle", "runner middle")]
    [InlineData("Runner Middle", "runner middle")]
    [InlineData("Runner Smith Jr.", "runner smith")]
    [InlineData("Runner (Ace) Smith III", "runner smith")]
    [InlineData("First Second Third", "first third")]
    public void Base_name_keeps_first_and_last_only(string name, string baseName) => Assert.Equal(baseName, NameFolding.BaseName(name));

    [Theory]
    [InlineData("José Muñoz", "jose-munoz")]
    [InlineData("Zoë D'Angelo-Peña", "zoe-dangelo-pena")]
    [InlineData("  ---  ", "athlete")]
    [InlineData("Runner \uFFFD", "runner")]
    public void Slugs_are_transliterated_and_slug_shaped(string name, string slug) => Assert.Equal(slug, NameFolding.Slug(name));

    [Fact]
    public void School_keys_fold_straight_and_curly_apostrophes_and_case_together()
    {
        Assert.Equal(NameFolding.SchoolKey("St. Margaret's"), NameFolding.SchoolKey("St. Margaret’s"));
        Assert.Equal(NameFolding.SchoolKey("San Marcos (sb)"), NameFolding.SchoolKey("San Marcos (SB)"));
        Assert.Equal(NameFolding.SchoolKey("Convent & Stuart Hall"), NameFolding.SchoolKey("Convent and Stuart Hall"));
    }
}
