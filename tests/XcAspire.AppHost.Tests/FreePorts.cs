using System.Net;
using System.Net.Sockets;

namespace XcAspire.AppHost.Tests;

/// <summary>Ports nothing listens on now, so a test's AppHost never meets a developer's `./xc run`.</summary>
public static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
