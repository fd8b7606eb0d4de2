namespace XcAspire.AppHost.Tests;

/// <summary>How a test starts the AppHost.</summary>
public sealed record AppHostStartOptions
{
    public int Silos { get; init; } = 2;

    /// <summary>The AppHost's state directory (cluster, lock, data root); a fresh temporary one when null.</summary>
    public string? StateDirectory { get; init; }

    /// <summary>An existing database (ConnectionStrings__xcdb); null makes the AppHost start its private cluster.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>Extra environment for the AppHost, which passes it on to every service.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Extra command-line arguments after <c>--silos N</c>.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    public TimeSpan HealthyTimeout { get; init; } = TimeSpan.FromMinutes(5);
}
