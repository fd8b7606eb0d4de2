using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace XcAspire.AppHost.Postgres;

public static class LocalPostgresExtensions
{
    /// <summary>
    /// PostgreSQL from Debian's server binaries, with its data in <paramref name="directory"/> (created
    /// once, kept between runs), listening on 127.0.0.1:<paramref name="port"/> and its own socket
    /// directory, closed to every other local user (see <see cref="ClusterSetup"/>).
    /// </summary>
    public static IResourceBuilder<LocalPostgresResource> AddLocalPostgres(
        this IDistributedApplicationBuilder builder, string name, string directory, int port)
    {
        var layout = ClusterLayout.For(directory);
        var password = builder.AddParameter($"{name}-password", () => PasswordFile.ReadOrCreate(layout), secret: true);
        var (command, _) = layout.AsClusterUser(layout.Server);
        var resource = new LocalPostgresResource(name, command, layout, password.Resource);

        var readiness = new PostgresReadiness(resource);
        var healthCheck = $"{name}-ready";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheck, _ => readiness, failureStatus: null, tags: null));
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(resource, async (_, ct) =>
            readiness.ConnectionStringAvailable(await resource.ConnectionStringExpression.GetValueAsync(ct) ?? string.Empty));
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(resource, async (@event, ct) =>
        {
            var log = @event.Services.GetRequiredService<ResourceLoggerService>().GetLogger(resource);
            await ClusterSetup.PrepareAsync(layout, PasswordFile.ReadOrCreate(layout), log, ct);
        });

        return builder.AddResource(resource)
            // Not proxied: the server itself listens on the port (PGPORT), on IPv4 loopback only.
            .WithEndpoint(port: port, targetPort: port, scheme: "tcp", name: LocalPostgresResource.EndpointName, env: "PGPORT", isProxied: false)
            .WithArgs(context =>
            {
                var (_, arguments) = layout.AsClusterUser(layout.Server,
                    "-D", layout.DataDirectory,
                    "-k", layout.SocketDirectory,
                    "-c", "listen_addresses=127.0.0.1",
                    "-c", "unix_socket_permissions=0700",
                    "-c", "max_connections=300");
                // As root these start with setpriv's own arguments and the server's path (see AsClusterUser).
                foreach (var argument in arguments)
                {
                    context.Args.Add(argument);
                }
            })
            .WithHealthCheck(healthCheck)
            .WithIconName("Database")
            .ExcludeFromManifest();
    }
}
