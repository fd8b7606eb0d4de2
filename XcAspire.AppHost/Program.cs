using XcAspire.AppHost;
using XcAspire.AppHost.Postgres;

// ./xc run [--silos N]: the whole system on this machine, with the Aspire dashboard.
var builder = DistributedApplication.CreateBuilder(args);
var settings = AppHostSettings.From(builder.Configuration, Path.GetDirectoryName(builder.AppHostDirectory)!);
using var instance = InstanceLock.TryAcquire(settings.StateDirectory);
if (instance is null)
{
    await Console.Error.WriteLineAsync($"XcAspire is already running from this checkout ({settings.StateDirectory}/apphost.lock is held). Use that one, or stop it first.");
    return 1;
}

Directory.CreateDirectory(settings.DataRoot);

// PostgreSQL: the AppHost's own cluster in .xcaspire/pg, or the database ConnectionStrings__xcdb names.
var database = settings.ExternalConnectionString is null
    ? builder.AddLocalPostgres("postgres", settings.ClusterDirectory, settings.PostgresPort)
    : (IResourceBuilder<IResourceWithConnectionString>)builder.AddConnectionString(XcDatabase.ConnectionName);

// Where meets are read from: the sample source, unless a real source was configured.
var sampleSource = settings.RunsSampleSource ? builder.AddSampleSource(settings.SampleSourcePort) : null;
var sourceUrl = sampleSource is null
    ? ReferenceExpression.Create($"{settings.SourceUrl}")
    : ReferenceExpression.Create($"http://127.0.0.1:{sampleSource.GetEndpoint(XcResources.HttpEndpoint).Property(EndpointProperty.Port)}");

// The silos run the grains; each starts once PostgreSQL answers (and the sample source, if any).
var silos = Enumerable.Range(1, settings.Silos)
    .Select(n => builder.AddSilo(n).WithXcService(database, settings, sourceUrl).WaitForDatabase(database).WaitForOptional(sampleSource))
    .ToList();

// The admin API (an Orleans client) starts once the database and every silo are healthy.
var adminToken = builder.AddParameter("admin-token", () => settings.AdminToken, secret: true);
var api = builder.AddAdminApi(settings.ApiPort)
    .WithXcService(database, settings, sourceUrl)
    .WithEnvironment("XC_ADMIN_TOKEN", adminToken)
    .WaitForDatabase(database)
    .WaitForOptional(sampleSource);
silos.ForEach(silo => api.WaitFor(silo));

builder.Services.AddSingleton(settings);
builder.Services.AddHostedService<ReadyBanner>();
builder.Services.AddHostedService<OrderedShutdown>();
await builder.Build().RunAsync();
return 0;
