using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace XcAspire.AppHost.Postgres;

/// <summary>
/// Healthy once the server answers with the generated password and the services' database exists:
/// the first time it answers, this creates that database (the services' migrator does the rest).
/// Resources that <c>WaitFor</c> the cluster start only then.
/// </summary>
internal sealed class PostgresReadiness(LocalPostgresResource resource) : IHealthCheck
{
    private string? _connectionString;

    public void ConnectionStringAvailable(string connectionString) => _connectionString = connectionString;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (_connectionString is null)
        {
            return HealthCheckResult.Unhealthy("The server's port is not known yet.");
        }

        var maintenance = new NpgsqlConnectionStringBuilder(_connectionString)
        {
            Database = "postgres",
            Pooling = false,
            Timeout = 3,
        };
        try
        {
            await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
            exists.Parameters.AddWithValue("name", resource.DatabaseName);
            if (await exists.ExecuteScalarAsync(cancellationToken) is null)
            {
                // Identifiers cannot be parameters; the name is the AppHost's own constant.
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{resource.DatabaseName}\"", connection);
                await create.ExecuteNonQueryAsync(cancellationToken);
            }

            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy(e.Message);
        }
    }
}
