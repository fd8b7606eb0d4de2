namespace XcAspire.AppHost.Resources;

/// <summary>
/// A service the AppHost runs as a child process: a built project of this repository, where it
/// listens, and what it is given on its command line and in its environment.
/// </summary>
/// <param name="Name">Unique resource name shown on the dashboard (<c>silo-1</c>, <c>api</c>).</param>
/// <param name="Kind">What it is (<c>silo</c>, <c>api</c>, <c>source</c>).</param>
/// <param name="ProjectPath">The project's folder relative to the repository root (<c>XcAspire.Api</c>, <c>tools/XcAspire.SampleSource</c>); its assembly has the folder's name.</param>
/// <param name="Url">Where it listens; its health endpoint is polled there.</param>
internal sealed record ServiceDefinition(string Name, string Kind, string ProjectPath, Uri Url)
{
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Variables for this service only, on top of the shared ones.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public string HealthPath { get; init; } = "/health";

    public string AssemblyPath(string repositoryRoot, string configuration)
    {
        var project = Path.GetFileName(ProjectPath.TrimEnd('/'));
        return Path.Combine(repositoryRoot, ProjectPath, "bin", configuration, "net10.0", project + ".dll");
    }
}
