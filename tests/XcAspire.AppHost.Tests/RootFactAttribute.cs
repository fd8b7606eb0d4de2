namespace XcAspire.AppHost.Tests;

/// <summary>A test that acts as another OS user: only root can switch to one (./xc test runs as root on our machines).</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!ProcessTools.IsRoot)
        {
            Skip = "needs root, to connect as another local user";
        }
    }
}
