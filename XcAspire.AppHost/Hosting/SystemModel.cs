using System.Globalization;
using XcAspire.AppHost.Resources;

namespace XcAspire.AppHost.Hosting;

/// <summary>
/// The services `./xc run` starts, in stages: a stage starts once every service of the stage
/// before it is healthy. To add a resource, add a <see cref="ServiceDefinition"/> to a stage in
/// <see cref="Create"/>; to give every service a setting, put it in <see cref="SharedEnvironment"/>
/// (with <see cref="SetDefault"/> when the user's own environment should win).
/// </summary>
internal sealed class SystemModel
{
    private readonly List<List<ServiceDefinition>> stages = [];

    private SystemModel(IReadOnlyDictionary<string, string?> userEnvironment) => UserEnvironment = userEnvironment;

    public IReadOnlyList<IReadOnlyList<ServiceDefinition>> Stages => stages;

    /// <summary>Variables every service gets on top of the environment it inherits from the AppHost.</summary>
    public Dictionary<string, string> SharedEnvironment { get; } = [];

    /// <summary>The AppHost's own environment: what the user gave `./xc run`.</summary>
    public IReadOnlyDictionary<string, string?> UserEnvironment { get; }

    public IEnumerable<ServiceDefinition> Services => stages.SelectMany(s => s);

    public static SystemModel Create(AppHostOptions options, string connectionString, Uri dashboardUrl, IReadOnlyDictionary<string, string?> userEnvironment)
    {
        var model = new SystemModel(userEnvironment);
        model.SharedEnvironment["ConnectionStrings__xcdb"] = connectionString;
        model.SharedEnvironment["XC_ADMIN_TOKEN"] = options.AdminToken;
        model.SharedEnvironment["XC_DATA_ROOT"] = options.DataRoot;
        model.SharedEnvironment["XC_PARENT_PID"] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        model.SetDefault("ASPNETCORE_ENVIRONMENT", "Development");
        OtlpDefaults.Apply(model, dashboardUrl);

        // Stage 1: the silos and the API. Both apply the migrations (under an advisory lock), so they start together.
        var services = new List<ServiceDefinition>();
        for (var i = 1; i <= options.Silos; i++)
        {
            var silo = Service($"silo-{i}", "silo", "XcAspire.Silo", new Uri($"http://127.0.0.1:{FreePort.Next()}"));
            // Each silo's Orleans endpoints: silo-to-silo and the gateway the API connects to.
            services.Add(silo with
            {
                Environment = new Dictionary<string, string>(silo.Environment)
                {
                    ["Orleans__Endpoints__SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
                    ["Orleans__Endpoints__GatewayPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
                },
            });
        }

        services.Add(Service("api", "api", "XcAspire.Api", new Uri($"http://127.0.0.1:{options.ApiPort}")));
        model.AddStage(services);

        // The sample source serves generated meets in Athletic.net's shapes so the whole flow works
        // offline; it starts first (the silos and the API read from it) and every service is pointed at it.
        if (options.SampleSourcePort is { } samplePort)
        {
            var url = new Uri($"http://127.0.0.1:{samplePort}");
            var port = samplePort.ToString(CultureInfo.InvariantCulture);
            model.InsertStage(0, [new ServiceDefinition("sample-source", "source", "tools/XcAspire.SampleSource", url)
            {
                Arguments = ["--port", port],
                Environment = new Dictionary<string, string> { ["OTEL_SERVICE_NAME"] = "sample-source" },
            }]);
            model.SharedEnvironment["Source__BaseUrl"] = url.ToString().TrimEnd('/');
        }

        return model;
    }

    /// <summary>A stage that starts after every stage added before it is healthy.</summary>
    public void AddStage(IEnumerable<ServiceDefinition> services) => stages.Add(services.ToList());

    /// <summary>Puts a stage first: for what every other service depends on (a source they read from).</summary>
    public void InsertStage(int index, IEnumerable<ServiceDefinition> services) => stages.Insert(index, services.ToList());

    /// <summary>Sets a shared variable unless the user set it: then the services inherit the user's value.</summary>
    public bool SetDefault(string key, string value)
    {
        if (UserEnvironment.TryGetValue(key, out var own) && !string.IsNullOrEmpty(own))
        {
            return false;
        }

        SharedEnvironment[key] = value;
        return true;
    }

    /// <summary>The full environment one service is given: the shared variables, then its own.</summary>
    public Dictionary<string, string> EnvironmentFor(ServiceDefinition service)
    {
        var environment = new Dictionary<string, string>(SharedEnvironment);
        foreach (var (key, value) in service.Environment)
        {
            environment[key] = value;
        }

        return environment;
    }

    private static ServiceDefinition Service(string name, string kind, string project, Uri url) =>
        new(name, kind, project, url)
        {
            Environment = new Dictionary<string, string>
            {
                // Urls (not ASPNETCORE_URLS): it overrides a project's appsettings.json, which the prefixed variable does not.
                ["Urls"] = url.ToString().TrimEnd('/'),
                ["XC_INSTANCE_ID"] = name,
                ["OTEL_SERVICE_NAME"] = kind,
            },
        };
}
