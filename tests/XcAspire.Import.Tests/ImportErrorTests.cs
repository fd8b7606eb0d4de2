using Npgsql;
using XcAspire.Silo.Import;
using XcAspire.Testing;

namespace XcAspire.Import.Tests;

/// <summary>Which failures a race step retries, told apart on errors a real PostgreSQL raises.</summary>
public sealed class ImportErrorTests
{
    [Theory]
    [InlineData("INSERT INTO schools (name, normalized_name) VALUES ('', 'x')")] // 23514 check violation
    [InlineData("INSERT INTO athletes (school_id, name, normalized_name, gender, slug) VALUES (gen_random_uuid(), 'A', 'a', 'M', 'a')")] // 23503
    [InlineData("SELECT 1 / 0")] // 22012 division by zero
    [InlineData("SELECT 'x'::int")] // 22P02 invalid text representation
    [InlineData("INSERT INTO venues (name) SELECT string_agg(md5(random()::text), '') FROM generate_series(1, 400)")] // 54000 index row size
    public async Task Constraint_data_and_size_errors_are_deterministic(string sql)
    {
        await using var db = await TestPostgres.CreateMigratedAsync();

        var error = await Assert.ThrowsAsync<PostgresException>(() => db.ScalarAsync<object>(sql));

        Assert.True(ImportErrors.IsDeterministic(error), $"{error.SqlState}: {error.MessageText}");
        Assert.True(ImportErrors.IsDeterministic(new InvalidOperationException("wrapped", error)));
    }

    [Fact]
    public async Task A_lock_timeout_a_cancelled_statement_and_an_ordinary_exception_are_worth_retrying()
    {
        await using var db = await TestPostgres.CreateMigratedAsync();

        var cancelled = await Assert.ThrowsAsync<PostgresException>(() => db.ScalarAsync<object>("SET statement_timeout = 1; SELECT pg_sleep(5)"));

        Assert.False(ImportErrors.IsDeterministic(cancelled), cancelled.SqlState);
        Assert.False(ImportErrors.IsDeterministic(new TimeoutException()));
        Assert.True(ImportErrors.IsDeterministic(new ImportIntegrityException("race 1 holds rows of another meet")));
    }
}
