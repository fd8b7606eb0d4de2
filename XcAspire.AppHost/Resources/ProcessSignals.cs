using System.Diagnostics;
using System.Runtime.InteropServices;

namespace XcAspire.AppHost.Resources;

/// <summary>Stopping a child the way a terminal would: SIGTERM first, SIGKILL only after a grace period.</summary>
internal static partial class ProcessSignals
{
    private const int Sigterm = 15;

    public static async Task StopGracefullyAsync(Process child, TimeSpan grace, Action onKill)
    {
        _ = SendSignal(child.Id, Sigterm);
        using var deadline = new CancellationTokenSource(grace);
        try
        {
            await child.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            onKill();
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync(CancellationToken.None);
        }
    }

    // Process.Kill only sends SIGKILL; a graceful stop needs SIGTERM.
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);
}
