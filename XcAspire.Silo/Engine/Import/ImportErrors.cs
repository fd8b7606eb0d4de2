using Npgsql;

namespace XcAspire.Silo.Import;

/// <summary>
/// Tells an import failure that the same input meets again on every attempt from one that a retry can
/// get past (an outage, a deadlock). Retrying the first kind only spends attempts: a race
/// whose 6,000-character name broke an index size limit was retried five times over six minutes before
/// it failed. Whatever runs race steps (the RaceGrain, the in-process importer) asks here.
/// </summary>
public static class ImportErrors
{
    /// <summary>
    /// True for PostgreSQL's data exceptions (SQLSTATE class 22), integrity constraint violations (23)
    /// and program limits (54), and for the importer's own integrity checks, anywhere in the chain of
    /// inner exceptions.
    /// </summary>
    public static bool IsDeterministic(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case ImportIntegrityException:
                    return true;
                case PostgresException pg:
                    return pg.SqlState.StartsWith("22", StringComparison.Ordinal)
                        || pg.SqlState.StartsWith("23", StringComparison.Ordinal)
                        || pg.SqlState.StartsWith("54", StringComparison.Ordinal);
            }
        }

        return false;
    }

    /// <summary>Runs of a transaction that keeps losing to others before the loss is thrown as a failure.</summary>
    public const int RunsWhenLosing = 5;

    /// <summary>
    /// Runs a whole transaction, and again at once while PostgreSQL picks it as the one to give way
    /// (deadlock detected, or a serialization failure), up to <see cref="RunsWhenLosing"/> runs: such a
    /// loss rolled it back whole, nothing of it remains, and running it again is what the server asks
    /// for. Not a failed attempt. <paramref name="lost"/> hears of each loss that is run again.
    /// </summary>
    public static async Task<T> RunAgainWhenLostAsync<T>(Func<Task<T>> transaction, Action? lost = null)
    {
        for (var run = 1; ; run++)
        {
            try
            {
                return await transaction();
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure
                                               && run < RunsWhenLosing)
            {
                lost?.Invoke();
            }
        }
    }
}

/// <summary>
/// The database holds something an import must never build on (a race's rows filed under another meet):
/// the race's transaction rolls back, and retrying cannot change the answer.
/// </summary>
public sealed class ImportIntegrityException(string message) : Exception(message);
