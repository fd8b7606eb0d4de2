namespace XcAspire.AppHost.Postgres;

/// <summary>
/// PostgreSQL run from the machine's own server binaries as an executable resource (no container
/// runtime needed), which other resources reference by its connection string.
/// </summary>
public sealed class LocalPostgresResource(string name, string command, ClusterLayout layout, ParameterResource password)
    : ExecutableResource(name, command, layout.Directory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    /// <summary>The superuser initdb creates; only the password file's holder can sign in as it.</summary>
    public const string UserName = "postgres";

    public ClusterLayout Layout { get; } = layout;

    public ParameterResource Password { get; } = password;

    /// <summary>The database the services use; the resource creates it, their migrator fills it.</summary>
    public string DatabaseName { get; init; } = "xcdb";

    public EndpointReference Endpoint => new(this, EndpointName);

    // 127.0.0.1, not the endpoint's "localhost": the server listens on IPv4 loopback only.
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host=127.0.0.1;Port={Endpoint.Property(EndpointProperty.Port)};Username={UserName};Password={Password};Database={DatabaseName}");
}
