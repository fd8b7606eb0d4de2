namespace XcAspire.AppHost;

/// <summary>How the services reach their database, and the order that follows from it.</summary>
public static class XcDatabase
{
    /// <summary>The services read ConnectionStrings:xcdb.</summary>
    public const string ConnectionName = "xcdb";

    public static IResourceBuilder<ProjectResource> WithDatabase(this IResourceBuilder<ProjectResource> service, IResourceBuilder<IResourceWithConnectionString> database) =>
        service.WithReference(database, ConnectionName);

    /// <summary>Waits for the AppHost's own cluster to be healthy; a database of the user's is taken as it is.</summary>
    public static IResourceBuilder<ProjectResource> WaitForDatabase(this IResourceBuilder<ProjectResource> service, IResourceBuilder<IResourceWithConnectionString> database) =>
        database.Resource is Postgres.LocalPostgresResource ? service.WaitFor(database) : service;

    public static IResourceBuilder<ProjectResource> WaitForOptional(this IResourceBuilder<ProjectResource> service, IResourceBuilder<ProjectResource>? dependency) =>
        dependency is null ? service : service.WaitFor(dependency);
}
