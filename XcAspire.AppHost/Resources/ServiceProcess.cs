using System.Diagnostics;
using System.Runtime.InteropServices;
using XcAspire.AppHost.Hosting;

namespace XcAspire.AppHost.Resources;

/// <summary>
/// One service (a silo or the API) run as a child process: its output prefixed with its name,
/// restarted with backoff when it crashes, stopped with SIGTERM (then killed after a grace period).
/// </summary>
internal sealed partial class ServiceProcess(string name, string assemblyPath, IReadOnlyDictionary<string, string> environment)
{
    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private readonly Lock gate = new();
    private Process? process;
    private Task? supervisor;

    public string Name { get; } = name;

    public int Restarts { get; private set; }

    public int? ProcessId
    {
        get
        {
            lock (gate)
            {
                return process?.Id;
            }
        }
    }

    public void Start(CancellationToken stopping)
    {
        if (!File.Exists(assemblyPath))
        {
            throw new FileNotFoundException($"{Name}: {assemblyPath} is missing; build the solution first (./xc run does).");
        }

        supervisor = SuperviseAsync(stopping);
    }

    /// <summary>Asks the process to stop and waits for it; kills it if it outlives the grace period.</summary>
    public async Task StopAsync()
    {
        Process? current;
        lock (gate)
        {
            current = process;
        }

        if (current is { HasExited: false })
        {
            _ = SendSignal(current.Id, Sigterm);
            using var grace = new CancellationTokenSource(GracePeriod);
            try
            {
                await current.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                Log.Error($"[apphost] {Name} did not stop within {GracePeriod.TotalSeconds} s; killing it");
                current.Kill(entireProcessTree: true);
                await current.WaitForExitAsync(CancellationToken.None);
            }
        }

        if (supervisor is not null)
        {
            await supervisor;
        }
    }

    private async Task SuperviseAsync(CancellationToken stopping)
    {
        var backoff = TimeSpan.FromSeconds(1);
        while (!stopping.IsCancellationRequested)
        {
            var started = Stopwatch.StartNew();
            using var child = Launch();
            await child.WaitForExitAsync(CancellationToken.None);
            if (stopping.IsCancellationRequested)
            {
                return;
            }

            // A process that ran a while before crashing gets a fresh backoff.
            if (started.Elapsed > TimeSpan.FromMinutes(1))
            {
                backoff = TimeSpan.FromSeconds(1);
            }

            Log.Error($"[apphost] {Name} exited with code {child.ExitCode}; restarting in {backoff.TotalSeconds:0} s");
            try
            {
                await Task.Delay(backoff, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            Restarts++;
        }
    }

    private Process Launch()
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(assemblyPath)!,
        };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(assemblyPath);
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var child = new Process { StartInfo = info };
        child.OutputDataReceived += (_, e) => Forward(Console.Out, e.Data);
        child.ErrorDataReceived += (_, e) => Forward(Console.Error, e.Data);
        child.Start();
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();
        lock (gate)
        {
            process = child;
        }

        return child;
    }

    private void Forward(TextWriter writer, string? line)
    {
        if (line is not null)
        {
            Log.Write(writer, $"[{Name}] {line}");
        }
    }

    private const int Sigterm = 15;

    // Process.Kill only sends SIGKILL; a graceful stop needs SIGTERM.
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);
}
