using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Npgsql;
using XcAspire.Api.Auth;

namespace XcAspire.Api.Hosting;

/// <summary>The admin credential: bearer token or session, and the cross-site checks on sessions.</summary>
public static class AdminAuthExtensions
{
    public const string AntiforgeryHeader = "X-XSRF-TOKEN";

    public static IServiceCollection AddAdminAuth(this IServiceCollection services)
    {
        services.AddSingleton<AdminToken>();
        services.AddSingleton<AdminSessions>();
        services.AddAuthentication(AdminTokenHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, AdminTokenHandler>(AdminTokenHandler.SchemeName, null);
        services.AddAuthorization();

        // Anti-forgery tokens are Data Protection payloads. One key ring for every instance, kept in
        // PostgreSQL, under a fixed application name (the default is the install path, which differs
        // between instances and would make each reject the others' tokens).
        services.AddDataProtection().SetApplicationName("XcAspire.Api");
        services.AddOptions<KeyManagementOptions>()
            .Configure<NpgsqlDataSource>((options, dataSource) => options.XmlRepository = new PostgresKeyRepository(dataSource));
        services.AddAntiforgery(options =>
        {
            options.HeaderName = AntiforgeryHeader;
            options.Cookie.Name = "xc_antiforgery";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.Cookie.Path = "/";
            // SecurityHeaders sends frame-ancestors 'none' and X-Frame-Options DENY on every answer.
            options.SuppressXFrameOptionsHeader = true;
        });
        return services;
    }

    public static WebApplication UseAdminAuth(this WebApplication app)
    {
        // Fail at start, not at the first request, when no admin token is configured.
        _ = app.Services.GetRequiredService<AdminToken>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<CrossSiteRequestGuard>();
        return app;
    }
}
