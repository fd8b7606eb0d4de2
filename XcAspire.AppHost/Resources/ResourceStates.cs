namespace XcAspire.AppHost.Resources;

/// <summary>The states a resource shows, as the dashboard and its JSON spell them.</summary>
internal static class ResourceStates
{
    public const string NotStarted = "not-started";
    public const string Starting = "starting";
    public const string Running = "running";
    public const string Restarting = "restarting";
    public const string Stopping = "stopping";
    public const string Stopped = "stopped";
    public const string External = "external";
}
