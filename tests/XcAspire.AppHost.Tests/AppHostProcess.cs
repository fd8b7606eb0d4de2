using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using XcAspire.Testing;

namespace XcAspire.AppHost.Tests;

/// <summary>
/// The built AppHost run as a child process on free ports with its own state directory, so a test
/// never touches the developer's .xcaspire. Exposes the dashboard's JSON endpoints, kills resources
/// like a crash would, stops the AppHost like Ctrl+C would, and checks that nothing is left running.
/// </summary>
public sealed class AppHostProcess : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly HashSet<int> seenProcessIds = [];
    private readonly bool ownsStateDirectory;

    private AppHostProcess(Process process, AppHostStartOptions options, string stateDirectory, bool ownsStateDirectory, int dashboardPort, int apiPort, int postgresPort, string adminToken)
    {
        this.process = process;
        this.ownsStateDirectory = ownsStateDirectory;
        Options = options;
        StateDirectory = stateDirectory;
        DashboardUrl = new Uri($"http://127.0.0.1:{dashboardPort}/");
        ApiUrl = new Uri($"http://127.0.0.1:{apiPort}/");
        PostgresPort = postgresPort;
        AdminToken = adminToken;
        Http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
    }

    public AppHostStartOptions Options { get; }

    public string StateDirectory { get; }

    public Uri DashboardUrl { get; }

    public Uri ApiUrl { get; }

    /// <summary>The private cluster's port (unused when the test gave a connection string).</summary>
    public int PostgresPort { get; }

    /// <summary>Connects to the AppHost's private cluster as its superuser.</summary>
    public string PrivateClusterConnectionString => $"Host=127.0.0.1;Port={PostgresPort};Username=postgres;Password=postgres;Database=postgres";

    public string AdminToken { get; }

    public HttpClient Http { get; }

    public int ProcessId => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>Everything the AppHost printed so far (its own lines and its services', prefixed).</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>Starts the AppHost without waiting for it; <see cref="WaitHealthyAsync"/> waits.</summary>
    public static AppHostProcess Start(AppHostStartOptions options)
    {
        var root = ProcessTools.RepositoryRoot();
        var assembly = Path.Combine(root, "XcAspire.AppHost", "bin", ProcessTools.BuildConfiguration(), "net10.0", "XcAspire.AppHost.dll");
        if (!File.Exists(assembly))
        {
            throw new FileNotFoundException("Build the AppHost first (the test project references it, so dotnet test does).", assembly);
        }

        var ownsState = options.StateDirectory is null;
        var state = options.StateDirectory ?? NewStateDirectory();
        var dashboardPort = ProcessTools.FreePort();
        var apiPort = ProcessTools.FreePort();
        var postgresPort = ProcessTools.FreePort();
        var token = "test-token-" + Guid.NewGuid().ToString("N");

        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(assembly);
        info.ArgumentList.Add("--silos");
        info.ArgumentList.Add(options.Silos.ToString(CultureInfo.InvariantCulture));
        foreach (var argument in options.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // Nothing of the test runner's own telemetry settings may leak into the system under test.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("OTEL_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }

        info.Environment["XC_STATE_DIR"] = state;
        info.Environment["XC_DASHBOARD_PORT"] = dashboardPort.ToString(CultureInfo.InvariantCulture);
        info.Environment["XC_API_PORT"] = apiPort.ToString(CultureInfo.InvariantCulture);
        info.Environment["XC_PG_PORT"] = postgresPort.ToString(CultureInfo.InvariantCulture);
        info.Environment["XC_SAMPLE_SOURCE_PORT"] = ProcessTools.FreePort().ToString(CultureInfo.InvariantCulture);
        info.Environment["XC_ADMIN_TOKEN"] = token;
        info.Environment.Remove("ConnectionStrings__xcdb");
        if (options.ConnectionString is not null)
        {
            info.Environment["ConnectionStrings__xcdb"] = options.ConnectionString;
        }

        foreach (var (key, value) in options.Environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info };
        var host = new AppHostProcess(process, options, state, ownsState, dashboardPort, apiPort, postgresPort, token);
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>
    /// A fresh temporary state directory. Searchable by others: as root, the private cluster runs as
    /// the postgres user, which must reach the cluster directory inside it.
    /// </summary>
    public static string NewStateDirectory()
    {
        var directory = Directory.CreateTempSubdirectory("xc-apphost-test-").FullName;
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
        }
        return directory;
    }

    /// <summary>Starts the AppHost and waits until PostgreSQL and every service are running and healthy.</summary>
    public static async Task<AppHostProcess> StartHealthyAsync(AppHostStartOptions options)
    {
        var host = Start(options);
        try
        {
            await host.WaitHealthyAsync();
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    public async Task WaitHealthyAsync()
    {
        await WaitForAsync(
            async () =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"The AppHost exited with code {process.ExitCode}:\n{Tail()}");
                }

                return Output.Contains("XcAspire is running.", StringComparison.Ordinal)
                    && (await GetResourcesAsync()).All(r => r.State is "running" or "external");
            },
            Options.HealthyTimeout,
            "every resource running");
    }

    public async Task<IReadOnlyList<DashboardResource>> GetResourcesAsync()
    {
        var body = await Http.GetFromJsonAsync<DashboardResources>(new Uri(DashboardUrl, "api/resources"), Json)
            ?? throw new InvalidOperationException("empty /api/resources");
        lock (seenProcessIds)
        {
            seenProcessIds.UnionWith(body.Resources.Where(r => r.ProcessId is not null).Select(r => r.ProcessId!.Value));
        }

        return body.Resources;
    }

    public async Task<DashboardResource> GetResourceAsync(string name) =>
        (await GetResourcesAsync()).SingleOrDefault(r => r.Name == name)
        ?? throw new InvalidOperationException($"The dashboard lists no resource '{name}'.");

    public async Task<IReadOnlyList<DashboardTraceSummary>> GetTracesAsync(string? search = null) =>
        (await Http.GetFromJsonAsync<DashboardTraces>(new Uri(DashboardUrl, "api/traces?search=" + Uri.EscapeDataString(search ?? string.Empty)), Json))!.Traces;

    public async Task<DashboardTrace> GetTraceAsync(string traceId) =>
        (await Http.GetFromJsonAsync<DashboardTrace>(new Uri(DashboardUrl, "api/traces/" + traceId), Json))!;

    public async Task<JsonElement> GetMetricsAsync() =>
        await Http.GetFromJsonAsync<JsonElement>(new Uri(DashboardUrl, "api/metrics"), Json);

    /// <summary>An admin API request with the admin token.</summary>
    public HttpRequestMessage AdminRequest(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(ApiUrl, path));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminToken);
        return request;
    }

    /// <summary>Kills a resource's process with SIGKILL, as a crash would; returns the pid it killed.</summary>
    public async Task<int> KillResourceAsync(string name)
    {
        var resource = await GetResourceAsync(name);
        var pid = resource.ProcessId ?? throw new InvalidOperationException($"{name} has no process (state {resource.State}).");
        ProcessTools.Signal(pid, "KILL");
        return pid;
    }

    /// <summary>Every pid the dashboard listed so far, the AppHost's own, and the private cluster's postmaster.</summary>
    public IReadOnlyList<int> KnownProcessIds()
    {
        lock (seenProcessIds)
        {
            return [.. seenProcessIds, process.Id];
        }
    }

    /// <summary>Sends SIGTERM (what Ctrl+C's SIGINT does too) and waits for the AppHost to exit; returns its exit code.</summary>
    public async Task<int> StopAsync(TimeSpan? timeout = null)
    {
        if (!process.HasExited)
        {
            ProcessTools.Signal(process.Id, "TERM");
        }

        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(deadline.Token);
        return process.ExitCode;
    }

    /// <summary>True when no AppHost holds the state directory's instance lock (an flock on apphost.lock).</summary>
    public static bool IsInstanceLockFree(string stateDirectory)
    {
        try
        {
            using var stream = new FileStream(Path.Combine(stateDirectory, "apphost.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>The pids among <see cref="KnownProcessIds"/> that still run.</summary>
    public IReadOnlyList<int> StillRunning() => KnownProcessIds().Where(ProcessTools.IsRunning).ToList();

    public async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        try
        {
            await Eventually.WaitAsync(
                async () =>
                {
                    try
                    {
                        return await condition();
                    }
                    catch (HttpRequestException)
                    {
                        return false;
                    }
                },
                timeout,
                what);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\nAppHost output (tail):\n{Tail()}", e);
        }
    }

    public string Tail(int lines = 60) => string.Join('\n', Output.Split('\n').TakeLast(lines));

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            try
            {
                await StopAsync(TimeSpan.FromSeconds(45));
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        // A test that failed half-way must not leave services or a cluster behind for the next one.
        foreach (var pid in StillRunning())
        {
            ProcessTools.Signal(pid, "KILL");
        }

        process.Dispose();
        Http.Dispose();
        if (ownsStateDirectory)
        {
            await StopLeftoverClusterAsync();
            Directory.Delete(StateDirectory, recursive: true);
        }
    }

    private async Task StopLeftoverClusterAsync()
    {
        if (!File.Exists(Path.Combine(StateDirectory, "pg", "data", "postmaster.pid")))
        {
            return;
        }

        using var stop = Process.Start(new ProcessStartInfo(Path.Combine(ProcessTools.RepositoryRoot(), "scripts", "pg-cluster.sh"), ["stop", Path.Combine(StateDirectory, "pg")])
        {
            UseShellExecute = false,
        })!;
        await stop.WaitForExitAsync();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
