using Npgsql;
using XcAspire.ServiceDefaults.Domain;
using XcAspire.Testing;

namespace XcAspire.Adopt.Tests;

/// <summary>A difficulty is a pace multiplier from 0.5 to 3, both bounds included, in the schema and in code alike.</summary>
public sealed class DifficultyBoundsTests
{
    [Theory]
    [InlineData("0.5", true)]
    [InlineData("3.00", true)]
    [InlineData("1.177", true)]
    [InlineData("0.49", false)]
    [InlineData("3.01", false)]
    [InlineData("5.0", false)]
    public async Task The_schema_and_the_rule_agree_on_the_bounds(string rating, bool accepted)
    {
        await using var db = await TestPostgres.CreateMigratedAsync();
        await db.ExecuteAsync("INSERT INTO venues (name) VALUES ('Baylands Park')");
        var insert = $"INSERT INTO courses (name, venue_id, distance_meters, difficulty_rating) SELECT 'Baylands 5K', id, 5000, {rating} FROM venues";

        if (accepted)
        {
            await db.ExecuteAsync(insert);
        }
        else
        {
            var error = await Assert.ThrowsAsync<PostgresException>(() => db.ExecuteAsync(insert));
            Assert.Equal("courses_difficulty_rating_check", error.ConstraintName);
        }

        Assert.Equal(accepted, DifficultyRating.IsPaceMultiplier(decimal.Parse(rating, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
