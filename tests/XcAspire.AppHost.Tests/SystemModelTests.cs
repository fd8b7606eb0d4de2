using XcAspire.AppHost.Hosting;

namespace XcAspire.AppHost.Tests;

public sealed class SystemModelTests
{
    private static readonly Uri Dashboard = new("http://127.0.0.1:18888");

    [Fact]
    public void Services_send_telemetry_to_the_dashboard_over_http_protobuf_by_default()
    {
        var model = SystemModel.Create(Options(), "Host=db", Dashboard, new Dictionary<string, string?>());

        Assert.Equal("http://127.0.0.1:18888", model.SharedEnvironment["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("http/protobuf", model.SharedEnvironment["OTEL_EXPORTER_OTLP_PROTOCOL"]);
        Assert.Contains("the dashboard", OtlpDefaults.Describe(model), StringComparison.Ordinal);
    }

    [Fact]
    public void A_users_own_otlp_endpoint_applies_and_is_not_overridden()
    {
        var user = new Dictionary<string, string?> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://collector:4318" };

        var model = SystemModel.Create(Options(), "Host=db", Dashboard, user);

        Assert.False(model.SharedEnvironment.ContainsKey("OTEL_EXPORTER_OTLP_ENDPOINT"));
        Assert.False(model.SharedEnvironment.ContainsKey("OTEL_EXPORTER_OTLP_PROTOCOL"));
        Assert.Contains("http://collector:4318", OtlpDefaults.Describe(model), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_service_gets_the_database_token_data_root_and_its_own_url()
    {
        var model = SystemModel.Create(Options(silos: 3), "Host=db", Dashboard, new Dictionary<string, string?>());

        Assert.Equal(["silo-1", "silo-2", "silo-3", "api"], model.Services.Select(s => s.Name));
        foreach (var service in model.Services)
        {
            var environment = model.EnvironmentFor(service);
            Assert.Equal("Host=db", environment["ConnectionStrings__xcdb"]);
            Assert.Equal("token", environment["XC_ADMIN_TOKEN"]);
            Assert.Equal("/data", environment["XC_DATA_ROOT"]);
            Assert.Equal(service.Url.ToString().TrimEnd('/'), environment["Urls"]);
            Assert.Equal(service.Name, environment["XC_INSTANCE_ID"]);
        }
    }

    [Fact]
    public void The_sample_source_starts_first_and_every_service_reads_from_it_unless_the_user_chose_a_source()
    {
        var model = SystemModel.Create(Options(sampleSourcePort: 5171), "Host=db", Dashboard, new Dictionary<string, string?>());

        Assert.Equal(["sample-source"], model.Stages[0].Select(s => s.Name));
        Assert.Equal(["sample-source", "silo-1", "silo-2", "api"], model.Services.Select(s => s.Name));
        Assert.Equal("http://127.0.0.1:5171", model.SharedEnvironment["Source__BaseUrl"]);

        var options = AppHostOptions.From([], new System.Collections.Hashtable { ["XC_SOURCE_URL"] = "https://www.athletic.net" });
        Assert.Null(options.SampleSourcePort);
        Assert.Null(AppHostOptions.From([], new System.Collections.Hashtable { ["XC_SAMPLE_SOURCE"] = "off" }).SampleSourcePort);
        Assert.Equal(5171, AppHostOptions.From([], new System.Collections.Hashtable()).SampleSourcePort);
    }

    private static AppHostOptions Options(int silos = 2, int? sampleSourcePort = null) =>
        new("/repo", "Debug", silos, ApiPort: 5170, PostgresPort: 55432, DashboardPort: 18888, ExternalConnectionString: null,
            AdminToken: "token", AdminTokenGenerated: false, DataRoot: "/data", StateDirectory: "/repo/.xcaspire", SampleSourcePort: sampleSourcePort);
}
