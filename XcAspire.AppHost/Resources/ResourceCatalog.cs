namespace XcAspire.AppHost.Resources;

/// <summary>Every resource the AppHost runs, in start order, and the dashboard's controls over them.</summary>
internal sealed class ResourceCatalog(CancellationToken appStopping)
{
    private readonly Lock gate = new();
    private readonly List<IResource> resources = [];

    public IReadOnlyList<IResource> All
    {
        get
        {
            lock (gate)
            {
                return resources.ToList();
            }
        }
    }

    public void Add(IResource resource)
    {
        lock (gate)
        {
            resources.Add(resource);
        }
    }

    public IResource? Find(string name) => All.FirstOrDefault(r => r.Name == name);

    /// <summary>Runs start, stop or restart on a service; false when the action is unknown or the resource is not controllable.</summary>
    public async Task<bool> ControlAsync(ServiceProcess service, string action)
    {
        switch (action)
        {
            case "start":
                service.Start(appStopping);
                return true;
            case "stop":
                await service.StopAsync();
                return true;
            case "restart":
                await service.RestartAsync(appStopping);
                return true;
            default:
                return false;
        }
    }
}
