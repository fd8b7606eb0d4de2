using Npgsql;

namespace XcAspire.ServiceDefaults.Database;

/// <summary>
/// Tells a lost or refused database connection (PostgreSQL restarting or down, the network) from an
/// error in a statement, and recovers the pool from it. After a restart every idle pooled connection
/// is dead, and Npgsql finds that out one use at a time: without a clear, each of them would fail one
/// more request or grain step before the pool connects afresh.
/// </summary>
public static class DatabaseOutage
{
    public static bool Is(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                // Class 08 is connection failure; 57P01–57P03 are shutdown, crash and "starting up".
                case PostgresException pg:
                    return pg.SqlState.StartsWith("08", StringComparison.Ordinal)
                        || pg.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow;
                // Any other Npgsql failure is Npgsql not reaching the server or losing it mid-statement.
                case NpgsqlException:
                    return true;
            }
        }

        return false;
    }

    /// <summary>When <paramref name="exception"/> is an outage, drops the pool's connections so the next open connects afresh; answers whether it was one.</summary>
    public static bool ClearPoolIfOutage(NpgsqlDataSource dataSource, Exception exception)
    {
        if (!Is(exception))
        {
            return false;
        }

        dataSource.Clear();
        return true;
    }
}
