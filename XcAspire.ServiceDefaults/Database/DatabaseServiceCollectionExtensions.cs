using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace XcAspire.ServiceDefaults.Database;

public static class DatabaseServiceCollectionExtensions
{
    public const string ConnectionName = "xcdb";

    /// <summary>One <see cref="NpgsqlDataSource"/> for the process, from <c>ConnectionStrings:xcdb</c>.</summary>
    public static IServiceCollection AddXcDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(_ =>
        {
            var connectionString = configuration.GetConnectionString(ConnectionName);
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException(
                    $"No database configured: set ConnectionStrings:{ConnectionName} " +
                    $"(environment variable ConnectionStrings__{ConnectionName}), or start the system with ./xc run.");
            }

            var builder = new NpgsqlDataSourceBuilder(connectionString);
            builder.ConnectionStringBuilder.ApplicationName ??= AppDomain.CurrentDomain.FriendlyName;
            return builder.Build();
        });
        return services;
    }
}
