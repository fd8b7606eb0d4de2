using System.Diagnostics;
using XcAspire.AppHost.Hosting;
using XcAspire.AppHost.Telemetry;

namespace XcAspire.AppHost.Resources;

/// <summary>
/// One service (a silo, the API, a source) run as a child process: its output prefixed with its
/// name and kept for the dashboard, restarted with backoff when it crashes, stopped with SIGTERM
/// (then killed after a grace period). The dashboard can stop, start and restart it.
/// </summary>
internal sealed class ServiceProcess(ServiceDefinition definition, string assemblyPath, IReadOnlyDictionary<string, string> environment) : IResource
{
    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private readonly Lock gate = new();
    private readonly TaskCompletionSource firstHealthy = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Process? process;
    private Task? supervisor;
    private CancellationTokenSource? running;
    private string state = ResourceStates.NotStarted;
    private DateTimeOffset? startedAt;
    private int restarts;
    private int? lastExitCode;

    public string Name => definition.Name;

    public ServiceDefinition Definition => definition;

    public RingBuffer<ConsoleLine> Console { get; } = new(5000);

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

    public ResourceSnapshot Snapshot()
    {
        lock (gate)
        {
            return new ResourceSnapshot(Name, definition.Kind, state, process?.Id, definition.Url.ToString(), startedAt, restarts, lastExitCode, CanControl: true);
        }
    }

    /// <summary>Starts supervising the service (no-op when it already runs) until <see cref="StopAsync"/> or <paramref name="appStopping"/>.</summary>
    public void Start(CancellationToken appStopping)
    {
        if (!File.Exists(assemblyPath))
        {
            throw new FileNotFoundException($"{Name}: {assemblyPath} is missing; build the solution first (./xc run does).");
        }

        lock (gate)
        {
            if (running is not null)
            {
                return;
            }

            running = CancellationTokenSource.CreateLinkedTokenSource(appStopping);
            supervisor = SuperviseAsync(running.Token);
        }
    }

    /// <summary>True once the service has answered its health endpoint after a start.</summary>
    public async Task<bool> WaitHealthyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await firstHealthy.Task.WaitAsync(timeout, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Stops the process (SIGTERM, then a kill after the grace period) and its supervision.</summary>
    public async Task StopAsync()
    {
        CancellationTokenSource? current;
        Task? watched;
        lock (gate)
        {
            current = running;
            watched = supervisor;
            if (current is null)
            {
                return;
            }

            state = ResourceStates.Stopping;
        }

        await current.CancelAsync();
        if (watched is not null)
        {
            await watched;
        }

        lock (gate)
        {
            state = ResourceStates.Stopped;
            running = null;
            supervisor = null;
        }

        current.Dispose();
    }

    public async Task RestartAsync(CancellationToken appStopping)
    {
        await StopAsync();
        Start(appStopping);
    }

    private async Task SuperviseAsync(CancellationToken stop)
    {
        // Let Start return before the first launch does its (synchronous) process creation.
        await Task.Yield();
        var backoff = TimeSpan.FromSeconds(1);
        while (!stop.IsCancellationRequested)
        {
            var started = Stopwatch.StartNew();
            int exitCode;
            try
            {
                using var child = Launch();
                var health = WatchHealthAsync(child, stop);
                await WaitForExitOrStopAsync(child, stop);
                await health;
                exitCode = child.ExitCode;
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                // dotnet itself could not be started (gone, or out of processes): retried like a crash.
                Forward($"[apphost] {Name} could not be started: {e.Message}", isError: true, prefix: false);
                exitCode = -1;
            }

            lock (gate)
            {
                lastExitCode = exitCode;
                process = null;
            }

            if (stop.IsCancellationRequested)
            {
                return;
            }

            // A process that ran a while before crashing gets a fresh backoff.
            if (started.Elapsed > TimeSpan.FromMinutes(1))
            {
                backoff = TimeSpan.FromSeconds(1);
            }

            lock (gate)
            {
                state = ResourceStates.Restarting;
            }

            Forward($"[apphost] {Name} exited with code {exitCode}; restarting in {backoff.TotalSeconds:0} s", isError: true, prefix: false);
            try
            {
                await Task.Delay(backoff, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            lock (gate)
            {
                restarts++;
            }
        }
    }

    private async Task WatchHealthAsync(Process child, CancellationToken stop)
    {
        var health = new Uri(definition.Url, definition.HealthPath);
        if (await HealthWaiter.WaitHealthyAsync(health, () => child.HasExited, stop))
        {
            lock (gate)
            {
                if (ReferenceEquals(process, child))
                {
                    state = ResourceStates.Running;
                }
            }

            firstHealthy.TrySetResult();
        }
    }

    private async Task WaitForExitOrStopAsync(Process child, CancellationToken stop)
    {
        try
        {
            await child.WaitForExitAsync(stop);
        }
        catch (OperationCanceledException)
        {
            await ProcessSignals.StopGracefullyAsync(child, GracePeriod, () =>
                Forward($"[apphost] {Name} did not stop within {GracePeriod.TotalSeconds} s; killing it", isError: true, prefix: false));
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
        foreach (var argument in definition.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // The child inherits the AppHost's environment (the user's settings), then gets these on top.
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var child = new Process { StartInfo = info };
        child.OutputDataReceived += (_, e) => Forward(e.Data, isError: false, prefix: true);
        child.ErrorDataReceived += (_, e) => Forward(e.Data, isError: true, prefix: true);
        child.Start();
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();
        lock (gate)
        {
            process = child;
            state = ResourceStates.Starting;
            startedAt = DateTimeOffset.UtcNow;
        }

        return child;
    }

    private void Forward(string? line, bool isError, bool prefix)
    {
        if (line is null)
        {
            return;
        }

        Console.Add(new ConsoleLine(DateTimeOffset.UtcNow, isError, line));
        var writer = isError ? System.Console.Error : System.Console.Out;
        Log.Write(writer, prefix ? $"[{Name}] {line}" : line);
    }
}
