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
using XcAspire.ServiceDefaults.Hosting;
using XcAspire.ServiceDefaults.Migrations;
using XcAspire.ServiceDefaults.Telemetry;

namespace XcAspire.ServiceDefaults;

/// <summary>What every XcAspire service has: database, migrations, telemetry, health, problem details.</summary>
public static class ServiceDefaultsExtensions
{
    private const string ReadyTag = "ready";

    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
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

        builder.Services.AddHostedService<ParentProcessWatchdog>();
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseReadyHealthCheck>("database", tags: [ReadyTag]);
        builder.Services.AddProblemDetails();
        builder.AddXcTelemetry();
        return builder;
    }

    /// <summary><c>/health</c>: ready (database reachable, migrations applied). <c>/alive</c>: the process answers.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.UseMiddleware<HttpSpanEnrichmentMiddleware>();
        app.MapHealthChecks("/health", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = WriteHealthAsync,
        });
        app.MapHealthChecks("/alive", new HealthCheckOptions
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
