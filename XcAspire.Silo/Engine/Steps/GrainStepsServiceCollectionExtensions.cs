using Microsoft.Extensions.Hosting;
using XcAspire.Silo.Sources;

namespace XcAspire.Silo.Steps;

public static class GrainStepsServiceCollectionExtensions
{
    /// <summary>
    /// The product's steps: scrape (the sources), import and the meet-level step (the import engine),
    /// with the scrape export under the data root. Needs AddXcDatabase's NpgsqlDataSource.
    /// </summary>
    public static IServiceCollection AddXcGrainSteps(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddXcSources(configuration);
        services.AddSingleton(provider => ScrapedFolderExport.FromConfiguration(
            configuration, provider.GetService<IHostEnvironment>()?.ContentRootPath ?? Directory.GetCurrentDirectory()));
        services.AddSingleton<ScrapeRaceStep>();
        services.AddSingleton<ImportRaceStep>();
        services.AddSingleton<FinalizeMeetStep>();
        services.AddSingleton(provider => new GrainSteps(
            provider.GetRequiredService<ScrapeRaceStep>(),
            provider.GetRequiredService<ImportRaceStep>(),
            provider.GetRequiredService<FinalizeMeetStep>()));
        return services;
    }
}
