using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.FileProviders;
using Npgsql;
using XcAspire.Api.Data;
using XcAspire.Api.Endpoints;
using XcAspire.Api.OpenApi;
using XcAspire.Api.Paths;
using XcAspire.Api.Problems;
using Orleans.Dashboard;
using XcAspire.Silo.Sources;

namespace XcAspire.Api.Hosting;

/// <summary>The admin API's services and pipeline; Program.cs only calls these.</summary>
public static class AdminApiExtensions
{
    /// <summary>Bodies are small JSON documents; anything larger is refused with 413.</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    public const string OrleansDashboardPath = "/admin/orleans";

    private const string CorsPolicy = "admin-origins";

    public static WebApplicationBuilder AddAdminApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        services.AddAdminAuth();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        // Binding failures throw in every environment (not only Development), so that
        // ProblemExceptionHandler answers them with the field at fault instead of a bare 400.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        // Routing answers a body that is not JSON with a bare 415 (no endpoint accepts it): say what to send.
        services.Configure<ProblemDetailsOptions>(o => o.CustomizeProblemDetails = problem =>
        {
            if (problem.ProblemDetails.Status == StatusCodes.Status415UnsupportedMediaType)
            {
                problem.ProblemDetails.Detail ??= RequestReadProblems.SendJson;
            }
        });
        services.ConfigureHttpJsonOptions(o =>
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower)));
        services.AddSingleton<DataRoot>();
        builder.AddXcOrleansClient();
        services.AddSingleton<JobReadModel>();
        services.AddSingleton<Jobs>();
        services.AddSingleton<FolderJobs>();
        services.AddSingleton<SeasonReadModel>();
        services.AddSingleton<Seasons>();
        services.AddSingleton<VenueCourseStore>();
        services.AddSingleton<ReviewStore>();
        services.AddSingleton<MaintenanceStore>();
        services.AddSingleton(TimeProvider.System);
        // fetch-metadata and start-scrape read the meet from the source, politely, like the silos do.
        services.AddXcSources(builder.Configuration);
        services.AddOpenApi(o => o.AddDocumentTransformer<BearerSecurityScheme>());

        var origins = builder.Configuration.GetSection("Cors:Origins").Get<string[]>()
            ?? builder.Configuration["Cors:Origins"]?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            ?? [];
        services.AddCors(o => o.AddPolicy(CorsPolicy, p =>
        {
            if (origins.Length > 0)
            {
                p.WithOrigins(origins).WithHeaders("Authorization", "Content-Type").WithMethods("GET", "POST");
            }
        }));
        return builder;
    }

    public static WebApplication UseAdminApi(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeaders>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<BodySizeLimitMiddleware>();
        app.UseCors(CorsPolicy);
        // The UI's scripts and styles are public and need no session lookup.
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "Ui")) });
        app.UseAdminAuth();
        return app;
    }

    public static WebApplication MapAdminApi(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapApiReference();
        var admin = app.MapGroup("/api/admin").RequireAuthorization().RequireCors(CorsPolicy);
        // Tags name the reference's sections (otherwise they are the endpoint classes' names).
        admin.MapGroup("").WithTags("Import a meet").MapImportMeetEndpoints();
        admin.MapGroup("").WithTags("Import a meet").MapMeetFolderEndpoints();
        admin.MapGroup("").WithTags("School seasons").MapSeasonEndpoints();
        admin.MapGroup("").WithTags("Jobs").MapJobEndpoints();
        admin.MapGroup("").WithTags("Reports").MapReportEndpoints();
        admin.MapGroup("").WithTags("Review queues").MapReviewEndpoints();
        admin.MapGroup("").WithTags("Maintenance").MapMaintenanceEndpoints();
        admin.MapGroup("").WithTags("Venues and courses").MapVenueCourseEndpoints();
        admin.MapGroup("").WithTags("Operators").MapOperatorEndpoints();
        // Orleans' own dashboard (silos, activations, calls, reminders), behind the admin credential.
        app.MapOrleansDashboard(OrleansDashboardPath).RequireAuthorization();
        app.MapAdminUi();
        return app;
    }
}
