using XcAspire.ServiceDefaults;
using XcAspire.Silo.Grains.Steps;

namespace XcAspire.Silo;

// A named entry point (not top-level statements) so that the API, which references this project for
// the grain contracts, keeps the only global Program type its tests host.
internal static class Program
{
    private static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        // A silo serves only its health endpoints; the AppHost gives each silo its own port.
        builder.WebHost.UseUrls(builder.Configuration["Urls"] ?? "http://127.0.0.1:5172");
        builder.AddServiceDefaults();
        builder.Services.AddXcSilo(builder.Configuration);
        // Health polls from the AppHost would otherwise fill the log.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.Run();
    }
}
