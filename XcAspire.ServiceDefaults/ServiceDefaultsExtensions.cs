using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using XcAspire.ServiceDefaults.Database;
using XcAspire.ServiceDefaults.Health;
using XcAspire.ServiceDefaults.Migrations;
using XcAspire.ServiceDefaults.Telemetry;

namespace XcAspire.ServiceDefaults;

/// <summary>
/// What every XcAspire service has, in the shape of Aspire's service defaults: telemetry, health
/// checks, service discovery and resilient HTTP clients; and ours: the database, its migrations,
/// problem details.
/// </summary>
public static class ServiceDefaultsExtensions
{
    public const string HealthPath = "/health";

    public const string AlivePath = "/alive";

    private const string ReadyTag = "ready";

    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        builder.ConfigureOpenTelemetry();
        builder.Services.AddServiceDiscovery();
        // Every HttpClient retries, times out and breaks circuits the standard way, unless a client
        // removes it: the source client does (AddXcSources), its politeness rules decide when to ask again.
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddXcDatabase(builder.Configuration);
        builder.Services.Configure<MigrationOptions>(builder.Configuration.GetSection("Migrations"));
        builder.Services.AddSingleton<MigrationState>();
        builder.Services.AddSingleton(sp => new Migrator(
            sp.GetRequiredService<NpgsqlDataSource>(),
            sp.GetRequiredService<ILogger<Migrator>>(),
            MigrationScript.Embedded()));
        // Registered first so that every other hosted service starts after the schema is in place.
        builder.Services.Insert(0, ServiceDescriptor.Singleton<IHostedService, MigrationHostedService>());

        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseReadyHealthCheck>("database", tags: [ReadyTag]);
        builder.Services.AddProblemDetails();
        return builder;
    }

    /// <summary><c>/health</c>: ready (database reachable, migrations applied). <c>/alive</c>: the process answers.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthPath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = WriteHealthAsync,
        });
        app.MapHealthChecks(AlivePath, new HealthCheckOptions
        {
            Predicate = _ => false,
            ResponseWriter = WriteHealthAsync,
        });
        return app;
    }

    private static Task WriteHealthAsync(HttpContext context, HealthReport report) =>
        context.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        });
}
