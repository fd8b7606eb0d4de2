using Microsoft.Extensions.Options;
using XcAspire.Silo.Sources.AthleticNet;
using XcAspire.Silo.Sources.Politeness;
using XcAspire.Silo.Sources.Storage;

namespace XcAspire.Silo.Sources;

public static class SourcesServiceCollectionExtensions
{
    /// <summary>
    /// The Athletic.net client, its PostgreSQL politeness gate and response store, <see cref="MeetScraper"/> and
    /// <see cref="SeasonDiscovery"/>,
    /// configured from the <c>Source</c> section (needs the <c>NpgsqlDataSource</c> from AddXcDatabase).
    /// </summary>
    public static IServiceCollection AddXcSources(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SourceOptions>()
            .Bind(configuration.GetSection(SourceOptions.SectionName))
            .Configure(o => o.BaseUrl = configuration["XC_SOURCE_URL"] is { Length: > 0 } fromEnvironment
                && string.IsNullOrEmpty(configuration[$"{SourceOptions.SectionName}:BaseUrl"]) ? fromEnvironment : o.BaseUrl)
            .Validate(o => Uri.TryCreate(o.BaseUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https",
                "Source:BaseUrl must be an absolute http(s) URL, e.g. https://www.athletic.net")
            .Validate(o => o.RequestTimeout > TimeSpan.Zero && o.Spacing >= TimeSpan.Zero && o.ResultsSpacing >= TimeSpan.Zero,
                "Source:RequestTimeout must be positive and the spacings not negative")
            .Validate(o => o.MaxResponseSize > 0, "Source:MaxResponseSize must be a positive number of bytes");

        var sourceClient = services.AddHttpClient(AthleticNetClient.HttpClientName, (provider, http) =>
        {
            http.BaseAddress = new Uri(provider.GetRequiredService<IOptions<SourceOptions>>().Value.BaseUrl);
            // The client's own per-request timeout applies inside the politeness gate; this one would not know about it.
            http.Timeout = Timeout.InfiniteTimeSpan;
        });
        // Not the standard resilience handler the service defaults give every client: its retries would send a
        // request again outside the politeness gate and before Retry-After, and its timeouts would cut long
        // answers. AthleticNetClient retries through the gate itself. (The call is marked experimental, but it
        // is the documented way out of ConfigureHttpClientDefaults' handlers; SourceClientResilienceTests holds it to that.)
#pragma warning disable EXTEXP0001
        sourceClient.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        services.AddSingleton<IHostGate, PostgresHostGate>();
        services.AddSingleton<SourceResponseStore>();
        services.AddSingleton(provider => new AthleticNetClient(
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(AthleticNetClient.HttpClientName),
            provider.GetRequiredService<IHostGate>(),
            provider.GetRequiredService<IOptions<SourceOptions>>()));
        services.AddSingleton<MeetScraper>();
        services.AddSingleton<SeasonDiscovery>();
        return services;
    }
}
