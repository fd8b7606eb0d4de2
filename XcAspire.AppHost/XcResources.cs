using System.Globalization;

namespace XcAspire.AppHost;

/// <summary>The system's resources as project resources: how each is started and what it is told.</summary>
public static class XcResources
{
    public const string HttpEndpoint = "http";

    /// <summary>Generated meets in Athletic.net's shapes, so the whole flow works offline.</summary>
    public static IResourceBuilder<ProjectResource> AddSampleSource(this IDistributedApplicationBuilder builder, int port) =>
        builder.AddProject<Projects.XcAspire_SampleSource>("sample-source")
            .WithArgs("--port", port.ToString(CultureInfo.InvariantCulture))
            .WithLoopbackHttpEndpoint(port)
            .WithHttpHealthCheck("/health");

    /// <summary>
    /// One silo: its health endpoint, and the two Orleans ports it listens on (silo to silo, and the
    /// gateway the API connects to), each a free port given to it in Orleans' own configuration keys.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddSilo(this IDistributedApplicationBuilder builder, int number)
    {
        var name = "silo-" + number.ToString(CultureInfo.InvariantCulture);
        return builder.AddProject<Projects.XcAspire_Silo>(name)
            .WithLoopbackHttpEndpoint(port: null)
            .WithOrleansEndpoint("orleans-silo", "Orleans__Endpoints__SiloPort")
            .WithOrleansEndpoint("orleans-gateway", "Orleans__Endpoints__GatewayPort")
            .WithEnvironment("Orleans__Endpoints__AdvertisedIPAddress", "127.0.0.1")
            .WithEnvironment("Orleans__SiloName", name)
            .WithHttpHealthCheck("/health");
    }

    /// <summary>The admin API, with the admin UI, the Scalar reference and the Orleans dashboard as its URLs on the dashboard.</summary>
    public static IResourceBuilder<ProjectResource> AddAdminApi(this IDistributedApplicationBuilder builder, int port) =>
        builder.AddProject<Projects.XcAspire_Api>("api")
            .WithLoopbackHttpEndpoint(port)
            .WithHttpHealthCheck("/health")
            .WithUrls(context =>
            {
                var api = context.Urls.First(u => u.Endpoint?.EndpointName == HttpEndpoint);
                api.DisplayText = "API";
                context.Urls.Add(new() { Url = api.Url + "/admin/import-meet", DisplayText = "Admin UI" });
                context.Urls.Add(new() { Url = api.Url + "/scalar", DisplayText = "API reference (Scalar)" });
                context.Urls.Add(new() { Url = api.Url + "/admin/orleans", DisplayText = "Orleans dashboard" });
            });

    /// <summary>What every silo and the API share: the database, the cluster's ids, the data root and the source.</summary>
    public static IResourceBuilder<ProjectResource> WithXcService(
        this IResourceBuilder<ProjectResource> service, IResourceBuilder<IResourceWithConnectionString> database, AppHostSettings settings, ReferenceExpression sourceUrl) =>
        service
            .WithDatabase(database)
            .WithEnvironment("Orleans__ClusterId", AppHostSettings.OrleansClusterId)
            .WithEnvironment("Orleans__ServiceId", AppHostSettings.OrleansServiceId)
            .WithEnvironment("XC_DATA_ROOT", settings.DataRoot)
            .WithEnvironment("Source__BaseUrl", sourceUrl);

    /// <summary>http://127.0.0.1:port, served by the process itself (not through a proxy), so its URL is the one it listens on.</summary>
    private static IResourceBuilder<ProjectResource> WithLoopbackHttpEndpoint(this IResourceBuilder<ProjectResource> project, int? port)
    {
        project.WithHttpEndpoint(port: port, targetPort: port, name: HttpEndpoint, isProxied: false)
            .WithEndpoint(HttpEndpoint, e => e.TargetHost = "127.0.0.1");
        var endpoint = project.GetEndpoint(HttpEndpoint);
        // Urls, not ASPNETCORE_URLS: it wins over a project's appsettings.json, which the prefixed variable does not.
        return project.WithEnvironment("Urls", ReferenceExpression.Create($"http://127.0.0.1:{endpoint.Property(EndpointProperty.TargetPort)}"));
    }

    private static IResourceBuilder<ProjectResource> WithOrleansEndpoint(this IResourceBuilder<ProjectResource> silo, string name, string variable) =>
        silo.WithEndpoint(scheme: "tcp", name: name, env: variable, isProxied: false)
            .WithUrlForEndpoint(name, url => url.DisplayLocation = UrlDisplayLocation.DetailsOnly);
}
