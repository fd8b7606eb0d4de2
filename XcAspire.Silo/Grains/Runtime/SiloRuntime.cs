using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;
using XcAspire.ServiceDefaults.Database;
using XcAspire.ServiceDefaults.Telemetry;
using XcAspire.Silo.Grains.Steps;
using XcAspire.Silo.Grains.Storage;
using XcAspire.Silo.Import;

namespace XcAspire.Silo.Grains.Runtime;

/// <summary>
/// One silo: joins the membership table, claims due races and meet steps, runs them with their
/// leases renewed by a heartbeat, and commits each through the fenced writes of <see cref="RaceLeases"/>.
/// <see cref="StopAsync"/> hands its leases back at once; <see cref="Kill"/> stops it the way a crash
/// would, leaving its leases to expire.
/// </summary>
public sealed class SiloRuntime : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly GrainSteps _steps;
    private readonly SiloOptions _options;
    private readonly ILogger _logger;
    private readonly RaceLeases _races;
    private readonly MeetStepLeases _meetSteps;
    private readonly Membership _membership;
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _work = new();
    private readonly ConcurrentDictionary<Guid, Task> _runningRaces = new();
    private readonly ConcurrentDictionary<Guid, byte> _runningImports = new();
    private readonly ConcurrentDictionary<Guid, Task> _runningMeetSteps = new();
    private readonly SemaphoreSlim _wake = new(0);
    private Task _loops = Task.CompletedTask;
    private int _state; // 0 new, 1 started, 2 stopped

    public SiloRuntime(NpgsqlDataSource dataSource, GrainSteps steps, SiloOptions options, ILogger logger)
    {
        _dataSource = dataSource;
        _steps = steps;
        _options = options;
        _logger = logger;
        Id = options.SiloId ?? $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";
        _races = new RaceLeases(dataSource, options, Id);
        _meetSteps = new MeetStepLeases(dataSource, options, Id);
        _membership = new Membership(dataSource, options, Id);
    }

    public string Id { get; }

    public int RacesRunning => _runningRaces.Count;

    public async Task StartAsync(CancellationToken ct)
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            throw new InvalidOperationException($"Silo {Id} was already started.");
        }

        await _membership.JoinAsync(ct);
        var listener = new WorkListener(_dataSource, Wake, _logger);
        _loops = Task.WhenAll(
            Task.Run(() => ClaimLoopAsync(_stopping.Token), CancellationToken.None),
            Task.Run(() => HeartbeatLoopAsync(_stopping.Token), CancellationToken.None),
            Task.Run(() => listener.RunAsync(_stopping.Token), CancellationToken.None));
        _logger.LogInformation(
            "Silo {SiloId} started: up to {Races} races at once ({Imports} importing), lease {Lease}.",
            Id, _options.MaxConcurrentRaces, _options.MaxConcurrentImports, _options.LeaseDuration);
    }

    /// <summary>Graceful stop: no new claims, running steps cancelled, leases released at once, row marked stopped.</summary>
    public async Task StopAsync(CancellationToken ct)
    {
        if (Interlocked.CompareExchange(ref _state, 2, 1) != 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        await _work.CancelAsync();
        await WaitForRunningAsync();
        await _loops.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _races.ReleaseAllAsync(ct);
        await _meetSteps.ReleaseAllAsync(ct);
        await _membership.LeaveAsync(ct);
        await _races.CloseImportConnectionsAsync();
        _logger.LogInformation("Silo {SiloId} stopped and released its leases.", Id);
    }

    /// <summary>Stops everything at once, writing nothing: as if the process had been killed.</summary>
    public void Kill()
    {
        if (Interlocked.Exchange(ref _state, 2) != 1)
        {
            return;
        }

        _stopping.Cancel();
        _work.Cancel();
        _logger.LogWarning("Silo {SiloId} killed.", Id);
    }

    /// <summary>Waits until the killed silo's tasks have unwound (tests use it before asserting).</summary>
    public async Task WaitForRunningAsync()
    {
        await Task.WhenAll(_runningRaces.Values.Concat(_runningMeetSteps.Values)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _loops.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public async ValueTask DisposeAsync()
    {
        if (_state == 1)
        {
            await StopAsync(CancellationToken.None);
        }

        await WaitForRunningAsync();
        await _races.CloseImportConnectionsAsync();
        _stopping.Dispose();
        _work.Dispose();
        _wake.Dispose();
    }

    private void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (ObjectDisposedException)
            {
                // A notification arriving after disposal has nobody to wake.
            }
        }
    }

    private async Task ClaimLoopAsync(CancellationToken ct)
    {
        var failureDelay = TimeSpan.FromMilliseconds(200);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var free = _options.MaxConcurrentRaces - _runningRaces.Count;
                var freeImports = Math.Min(free, _options.MaxConcurrentImports - _runningImports.Count);
                var claimed = freeImports > 0 ? await _races.ClaimAsync(freeImports, imports: true, ct) : [];
                var freeScrapes = free - claimed.Count;
                if (freeScrapes > 0)
                {
                    claimed = [.. claimed, .. await _races.ClaimAsync(freeScrapes, imports: false, ct)];
                }

                foreach (var lease in claimed)
                {
                    if (lease.Step == "import")
                    {
                        _runningImports[lease.Token] = 0;
                    }

                    Track(_runningRaces, lease.Token, () => RunRaceAsync(lease));
                }

                if (_runningMeetSteps.IsEmpty && await _meetSteps.ClaimAsync(ct) is { } meetLease)
                {
                    Track(_runningMeetSteps, meetLease.Token, () => RunMeetStepAsync(meetLease));
                }

                failureDelay = TimeSpan.FromMilliseconds(200);
                if (claimed.Count > 0 && _runningRaces.Count < _options.MaxConcurrentRaces)
                {
                    continue; // there may be more due work than slots we had
                }

                await _wake.WaitAsync(_options.PollInterval, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                // The database is unreachable (restarting?): keep trying, slowly, on fresh connections.
                DatabaseOutage.ClearPoolIfOutage(_dataSource, e);
                _logger.LogWarning("Silo {SiloId} could not claim work: {Message}", Id, e.Message);
                await Task.Delay(failureDelay, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                failureDelay = TimeSpan.FromTicks(Math.Min(failureDelay.Ticks * 2, _options.PollInterval.Ticks));
            }
        }
    }

    private async Task HeartbeatLoopAsync(CancellationToken ct)
    {
        var nextRetention = DateTime.UtcNow;
        using var timer = new PeriodicTimer(_options.HeartbeatInterval);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await _races.RenewAsync(_runningRaces.Keys.ToList(), ct);
                await _meetSteps.RenewAsync(_runningMeetSteps.Keys.ToList(), ct);
                var dead = await _membership.HeartbeatAsync(ct);
                if (dead.Count > 0)
                {
                    _logger.LogWarning("Silo {SiloId} marked silent silos dead: {Dead}; their leases expire now.", Id, string.Join(", ", dead));
                    Wake();
                }

                if (DateTime.UtcNow >= nextRetention)
                {
                    nextRetention = DateTime.UtcNow + _options.RetentionInterval;
                    await Retention.PruneAsync(_dataSource, _options.RetentionDays, ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                DatabaseOutage.ClearPoolIfOutage(_dataSource, e);
                _logger.LogWarning("Silo {SiloId} heartbeat failed: {Message}", Id, e.Message);
            }

            try
            {
                await timer.WaitForNextTickAsync(ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task RunRaceAsync(RaceLease lease)
    {
        using var activity = XcTelemetry.Source.StartActivity($"race {lease.Step}", ActivityKind.Internal);
        activity?.SetTag("xc.meet_id", lease.MeetId);
        activity?.SetTag("xc.race_id", lease.RaceId);
        activity?.SetTag("xc.job_id", lease.JobId.ToString());
        activity?.SetTag("xc.attempt", lease.Attempt);
        activity?.SetTag("xc.silo_id", Id);
        if (lease.PreviousOwner is not null)
        {
            GrainMetrics.LeaseTakeovers.Add(1);
            _logger.LogWarning("Silo {SiloId} took over race {RaceId} of meet {MeetId} from silo {Previous}.", Id, lease.RaceId, lease.MeetId, lease.PreviousOwner);
        }

        var ct = _work.Token;
        var timeout = lease.Step == "scrape" ? _options.ScrapeTimeout : _options.ImportTimeout;
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeoutSource.CancelAfter(timeout);
        try
        {
            if (lease.Attempt > _options.MaxAttempts)
            {
                await _races.CommitFailureAsync(lease, $"No attempts left ({_options.MaxAttempts}) after the last holder stopped.", permanent: true, ct);
                return;
            }

            if (await _races.IsCancelRequestedAsync(lease.JobId, ct))
            {
                await _races.CommitSuccessAsync(lease, (_, _) => throw new InvalidOperationException("A cancelled race writes nothing."), ct);
                return;
            }

            var step = lease.Step == "scrape" ? _steps.Scrape : _steps.Import;
            var context = new RaceStepContext(lease.JobId, lease.MeetId, lease.RaceId, lease.Title, lease.Attempt, Id, _dataSource);
            var started = Stopwatch.GetTimestamp();
            var effects = await step.RunAsync(context, timeoutSource.Token);
            var counts = await _races.CommitSuccessAsync(lease, (c, t) => effects.WriteAsync(c, t, timeoutSource.Token), timeoutSource.Token);
            GrainMetrics.RaceSteps.Add(1, new("step", lease.Step), new("outcome", "ok"));
            if (counts is not null && lease.Step == "import")
            {
                GrainMetrics.ResultsImported.Add(counts.Read - counts.Rejected);
                GrainMetrics.ImportThroughput.Record(counts.Read / Math.Max(Stopwatch.GetElapsedTime(started).TotalSeconds, 1e-3));
            }
        }
        catch (LeaseLostException e)
        {
            _logger.LogWarning("{Message}", e.Message);
            activity?.SetStatus(ActivityStatusCode.Error, "lease lost");
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping: a graceful stop releases the lease, a kill leaves it to expire.
        }
        catch (Exception e)
        {
            DatabaseOutage.ClearPoolIfOutage(_dataSource, e);
            var timedOut = timeoutSource.IsCancellationRequested && !ct.IsCancellationRequested;
            var message = timedOut ? $"The {lease.Step} step timed out after {timeout}." : e.Message;
            activity?.SetStatus(ActivityStatusCode.Error, message);
            // A constraint, data or size error comes back on every attempt: the race fails at once.
            await RecordFailureAsync(lease, message, e is PermanentStepException || ImportErrors.IsDeterministic(e), ct);
        }
        finally
        {
            _runningRaces.TryRemove(lease.Token, out _);
            _runningImports.TryRemove(lease.Token, out _);
            Wake();
        }
    }

    private async Task RecordFailureAsync(RaceLease lease, string message, bool permanent, CancellationToken ct)
    {
        try
        {
            var final = await _races.CommitFailureAsync(lease, message, permanent, ct);
            GrainMetrics.RaceSteps.Add(1, new("step", lease.Step), new("outcome", final ? "failed" : "retry"));
            if (!final)
            {
                GrainMetrics.Retries.Add(1);
            }

            _logger.LogWarning(
                "Race {RaceId} of meet {MeetId}, {Step} attempt {Attempt} on silo {SiloId} failed{Final}: {Message}",
                lease.RaceId, lease.MeetId, lease.Step, lease.Attempt, Id, final ? " for good" : "; retrying after backoff", message);
        }
        catch (Exception e) when (e is LeaseLostException or NpgsqlException or OperationCanceledException)
        {
            DatabaseOutage.ClearPoolIfOutage(_dataSource, e);
            // Nothing recorded: the lease expires and the race is retried (and the takeover recorded).
            _logger.LogWarning("Could not record the failure of race {RaceId} of meet {MeetId}: {Message}", lease.RaceId, lease.MeetId, e.Message);
        }
    }

    private async Task RunMeetStepAsync(MeetStepLease lease)
    {
        using var activity = XcTelemetry.Source.StartActivity("meet step", ActivityKind.Internal);
        activity?.SetTag("xc.meet_id", lease.MeetId);
        activity?.SetTag("xc.job_id", lease.JobId.ToString());
        activity?.SetTag("xc.attempt", lease.Attempt);
        var ct = _work.Token;
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeoutSource.CancelAfter(_options.MeetStepTimeout);
        try
        {
            var context = new MeetStepContext(lease.JobId, lease.MeetId, lease.Attempt, Id, _dataSource);
            await _meetSteps.CommitSuccessAsync(lease, (c, t) => _steps.Meet.RunAsync(context, c, t, timeoutSource.Token), timeoutSource.Token);
        }
        catch (LeaseLostException e)
        {
            _logger.LogWarning("{Message}", e.Message);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception e)
        {
            DatabaseOutage.ClearPoolIfOutage(_dataSource, e);
            var message = timeoutSource.IsCancellationRequested ? $"The meet step timed out after {_options.MeetStepTimeout}." : e.Message;
            activity?.SetStatus(ActivityStatusCode.Error, message);
            try
            {
                var final = await _meetSteps.CommitFailureAsync(lease, message, ct);
                _logger.LogWarning("Meet step of job {JobId} failed{Final}: {Message}", lease.JobId, final ? " for good" : "; retrying", message);
            }
            catch (Exception inner) when (inner is LeaseLostException or NpgsqlException or OperationCanceledException)
            {
                DatabaseOutage.ClearPoolIfOutage(_dataSource, inner);
                _logger.LogWarning("Could not record the meet step failure of job {JobId}: {Message}", lease.JobId, inner.Message);
            }
        }
        finally
        {
            _runningMeetSteps.TryRemove(lease.Token, out _);
            Wake();
        }
    }

    // Registered before it starts, so a step that ends at once still removes its own entry.
    private static void Track(ConcurrentDictionary<Guid, Task> running, Guid token, Func<Task> run)
    {
        var task = new Task<Task>(run);
        running[token] = task.Unwrap();
        task.Start(TaskScheduler.Default);
    }
}
