using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using XcAspire.ServiceDefaults.Migrations;

namespace XcAspire.ServiceDefaults.Health;

/// <summary>Ready means: PostgreSQL answers now, and this process has applied the migrations.</summary>
public sealed class DatabaseReadyHealthCheck(NpgsqlDataSource dataSource, MigrationState migrations) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!migrations.IsApplied)
        {
            return HealthCheckResult.Unhealthy("Database migrations have not been applied yet.");
        }

        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy("PostgreSQL reachable; migrations applied.");
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL is not reachable: " + ex.Message);
        }
    }
}
