using Orleans.Dashboard;
using XcAspire.ServiceDefaults;
using XcAspire.Silo.Hosting;

namespace XcAspire.Silo;

// A named entry point (not top-level statements): test projects host this assembly's grains too.
internal static class Program
{
    private static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        // A silo serves its health endpoints here (and talks to other silos on its Orleans ports).
        builder.WebHost.UseUrls(builder.Configuration["Urls"] ?? "http://127.0.0.1:5172");
        builder.AddServiceDefaults();
        builder.Services.AddXcSiloServices(builder.Configuration);
        builder.UseOrleans(silo => silo.ConfigureXcSilo(builder.Configuration).AddDashboard());
        // After Orleans' own hosted service, so the silo has joined when it runs.
        builder.Services.AddHostedService<ActiveJobWakeup>();
        // Health polls would otherwise fill the log.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.Run();
    }
}
