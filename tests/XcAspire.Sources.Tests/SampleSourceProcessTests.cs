using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using XcAspire.Testing;

namespace XcAspire.Sources.Tests;

/// <summary>The standalone sample source as the AppHost runs it: a process of its own, stopped with SIGTERM.</summary>
public sealed class SampleSourceProcessTests
{
    [Fact]
    public async Task Sigterm_stops_the_sample_source_process_cleanly()
    {
        using var process = Process.Start(new ProcessStartInfo("dotnet", [ToolDll(), "--port", FreePort().ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("dotnet could not be started");
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => output.Enqueue(e.Data ?? "");
        process.BeginOutputReadLine();
        try
        {
            await Eventually.WaitAsync(() => output.Any(l => l.StartsWith("Sample source on", StringComparison.Ordinal)), TimeSpan.FromMinutes(1), "the sample source to start");

            Signal(process.Id, "TERM");

            // The AppHost gives a child 15 s before it kills it; a source that waits for the kill fails here.
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(deadline.Token);
            Assert.Equal(0, process.ExitCode);
            Assert.Contains("Sample source stopping.", output);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("kill could not be started");
        kill.WaitForExit();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string ToolDll()
    {
        var configuration = typeof(SampleSourceProcessTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "XcAspire.BuildConfiguration")?.Value ?? "Debug";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "XcAspire.sln")))
            {
                return Path.Combine(dir.FullName, "tools", "XcAspire.SampleSource", "bin", configuration, "net10.0", "XcAspire.SampleSource.dll");
            }
        }

        throw new InvalidOperationException("XcAspire.sln not found above " + AppContext.BaseDirectory);
    }
}
