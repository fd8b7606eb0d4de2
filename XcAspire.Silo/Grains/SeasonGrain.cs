using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Concurrency;
using Orleans.Serialization;
using XcAspire.ServiceDefaults.Database;
using XcAspire.Silo.Grains.Contracts;
using XcAspire.Silo.Hosting;
using XcAspire.Silo.Sources;

namespace XcAspire.Silo.Grains;

/// <summary>
/// One school's season (key <c>schoolId/year</c>) and its import jobs. Starting a job stores it and returns;
/// a grain timer then lists the season's meets (<see cref="SeasonMeets"/>), starts a MeetGrain job for each
/// meet to import, a few at a time, and follows each job until it ends. MeetGrains report to nobody, so the
/// season asks them: after a failover the next tick simply asks again. Work and operator commands are
/// serialized by one gate; a cancel first stops the work under way through its token.
/// </summary>
[GrainType("season")]
[Reentrant]
public sealed partial class SeasonGrain(
    [PersistentState("season", GrainStorage.Name)] IPersistentState<SeasonGrainRecord> state,
    SeasonMeets meets,
    SeasonTables tables,
    NpgsqlDataSource dataSource,
    DeepCopier<SeasonGrainRecord> copier,
    IOptions<SiloWorkOptions> options,
    ILocalSiloDetails silo,
    TimeProvider clock,
    IHostApplicationLifetime lifetime,
    ILogger<SeasonGrain> logger) : Grain, ISeasonGrain, IRemindable
{
    private const string ResumeReminder = "resume";

    /// <summary>Season jobs kept in the grain; older ones stay in the read model only.</summary>
    private const int MaxJobs = 20;

    private static readonly TimeSpan MeetCallTimeout = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SemaphoreSlim _flush = new(1, 1);
    private readonly SemaphoreSlim _reminderGate = new(1, 1);
    private readonly CancellationTokenSource _deactivating = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);
    private readonly HashSet<Guid> _dirty = [];
    private SeasonGrainRecord _record = new();
    private string _schoolId = string.Empty;
    private int _seasonYear;
    private long _changes;
    private long _flushed;
    private IGrainTimer? _timer;
    private bool _ticking;
    private bool _reminderHeld;
    private CancellationTokenSource? _work;

    private SiloWorkOptions Options => options.Value;

    private SeasonJobRecord? Current => _record.Jobs.Count > 0 ? _record.Jobs[^1] : null;

    private bool HasWork => Current is { } job && job.Status.IsActive();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_schoolId, _seasonYear) = GrainKeys.ParseSeason(this.GetPrimaryKeyString());
        _record = state.RecordExists ? copier.Copy(state.State) : new SeasonGrainRecord();
        if (HasWork)
        {
            await SyncReminderAsync();
            Kick();
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _deactivating.Cancel();
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    public Task<SeasonJobStarted> StartAsync(StartSeasonRequest request) => UnderGateAsync(async () =>
    {
        if (FindJob(request.SeasonJobId) is { } existing)
        {
            return new SeasonJobStarted(existing.SeasonJobId, existing.Status);
        }

        if (Current is { } active && active.Status.IsActive())
        {
            throw new ActiveSeasonJobConflictException(_schoolId, _seasonYear, active.SeasonJobId);
        }

        var job = new SeasonJobRecord
        {
            SeasonJobId = request.SeasonJobId,
            Status = SeasonStatus.Discovering,
            MeetIds = request.MeetIds?.Distinct(StringComparer.Ordinal).ToList(),
            Reimport = request.Reimport,
            CreatedAt = clock.GetUtcNow(),
        };
        _record.Jobs.Add(job);
        if (_record.Jobs.Count > MaxJobs)
        {
            _record.Jobs.RemoveRange(0, _record.Jobs.Count - MaxJobs);
        }

        await ChangeAsync(job);
        await SyncReminderAsync();
        Kick();
        return new SeasonJobStarted(job.SeasonJobId, job.Status);
    });

    public async Task<SeasonJobState> CancelAsync(Guid seasonJobId)
    {
        var job = FindJob(seasonJobId) ?? throw new KeyNotFoundException($"No season job {seasonJobId} for school {_schoolId}'s {_seasonYear} season.");
        if (!job.Status.IsActive())
        {
            throw new JobStateException($"Season job {seasonJobId} is {job.Status.Name()}: only an active season can be cancelled.");
        }

        // The work under way (a source call, a meet's start) stops at once; then the cancel runs under the gate.
        job.CancelRequested = true;
        _work?.Cancel();
        return await UnderGateAsync(async () =>
        {
            if (job.Status.IsActive())
            {
                await CancelMeetsAsync(job);
                job.Status = SeasonStatus.Cancelled;
                await ChangeAsync(job);
                await SyncReminderAsync();
            }

            return View(job);
        });
    }

    public Task<SeasonJobState?> GetStateAsync() => Task.FromResult(Current is { } job ? View(job) : null);

    public Task<SeasonJobState?> GetJobAsync(Guid seasonJobId) => Task.FromResult(FindJob(seasonJobId) is { } job ? View(job) : null);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        _reminderHeld = true;
        if (HasWork)
        {
            Kick();
        }

        await SyncReminderAsync();
    }

    private SeasonJobState View(SeasonJobRecord job) => SeasonRules.ToView(_schoolId, _seasonYear, job, silo.Name);

    private SeasonJobRecord? FindJob(Guid seasonJobId) => _record.Jobs.FindLast(j => j.SeasonJobId == seasonJobId);

    private async Task<T> UnderGateAsync<T>(Func<Task<T>> action)
    {
        await _gate.WaitAsync();
        try
        {
            return await action();
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Kick()
    {
        if (_deactivating.IsCancellationRequested)
        {
            return;
        }

        if (_timer is null)
        {
            _timer = this.RegisterGrainTimer(
                _ => TickAsync(),
                new GrainTimerCreationOptions(TimeSpan.Zero, Options.WatchdogPeriod) { Interleave = true, KeepAlive = true });
        }
        else
        {
            _timer.Change(TimeSpan.Zero, Options.WatchdogPeriod);
        }
    }

    private async Task TickAsync()
    {
        if (_ticking)
        {
            return;
        }

        _ticking = true;
        try
        {
            await UnderGateAsync(async () =>
            {
                if (Current is not { } job || !HasWork || job.CancelRequested)
                {
                    _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                    await SyncReminderAsync();
                    return true;
                }

                await PersistAsync();
                using var work = _work = CancellationTokenSource.CreateLinkedTokenSource(_deactivating.Token);
                try
                {
                    await StepAsync(job, work.Token);
                }
                finally
                {
                    _work = null;
                }

                return true;
            });
        }
        catch (Exception e)
        {
            // Stopped on purpose (a cancel, the silo stopping): the cancel, or the next activation, carries on.
            if (!_deactivating.IsCancellationRequested && !(Current?.CancelRequested ?? false))
            {
                DatabaseOutage.ClearPoolIfOutage(dataSource, e);
                LogTickFailed(_schoolId, _seasonYear, e.Message);
            }
        }
        finally
        {
            _ticking = false;
        }
    }

    /// <summary>One round of the season's work: list its meets, or start the next meets and follow the running ones.</summary>
    private async Task StepAsync(SeasonJobRecord job, CancellationToken ct)
    {
        if (job.Status == SeasonStatus.Discovering)
        {
            if ((job.DiscoveryDueAt ?? DateTimeOffset.MinValue) <= clock.GetUtcNow())
            {
                await DiscoverAsync(job, ct);
            }

            return;
        }

        foreach (var meet in job.Meets.Where(m => m.Phase is SeasonMeetPhase.Pending or SeasonMeetPhase.Starting).ToList())
        {
            if (job.Meets.Count(m => m.Phase is SeasonMeetPhase.Starting or SeasonMeetPhase.Running) >= Options.SeasonMeetsAtOnce
                && meet.Phase == SeasonMeetPhase.Pending)
            {
                break;
            }

            if ((meet.DueAt ?? DateTimeOffset.MinValue) <= clock.GetUtcNow())
            {
                await StartMeetAsync(job, meet, ct);
            }
        }

        await FollowMeetsAsync(job);
        await SyncReminderAsync();
    }

    private async Task DiscoverAsync(SeasonJobRecord job, CancellationToken ct)
    {
        try
        {
            var season = await meets.DiscoverAsync(_schoolId, _seasonYear, job.SeasonJobId, ct);
            job.TeamName = season.TeamName;
            job.Warnings = season.Warnings.ToList();
            job.Meets = (await meets.ClassifyAsync(season, job.MeetIds, job.Reimport, clock.GetUtcNow(), ct)).ToList();
            job.DiscoveredAt = clock.GetUtcNow();
            job.Status = SeasonStatus.Running;
            job.LastError = null;
        }
        catch (SourceException e) when (!e.IsTransient)
        {
            job.Status = SeasonStatus.Error;
            job.LastError = e.Message;
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            DatabaseOutage.ClearPoolIfOutage(dataSource, e);
            job.DiscoveryAttempt++;
            job.LastError = e.Message;
            if (job.DiscoveryAttempt >= Options.MaxAttempts)
            {
                job.Status = SeasonStatus.Error;
            }
            else
            {
                job.DiscoveryDueAt = clock.GetUtcNow() + Backoff.Delay(job.DiscoveryAttempt, Options.MaxBackoff, Options.BackoffJitter, Random.Shared);
            }
        }

        await ChangeAsync(job);
        await SyncReminderAsync();
    }

    /// <summary>
    /// Starts one meet's job under a job id chosen and stored first: if this silo dies after the MeetGrain
    /// stored the job but before the season stored it, the next attempt's start answers that same job.
    /// </summary>
    private async Task StartMeetAsync(SeasonJobRecord job, SeasonMeet meet, CancellationToken ct)
    {
        if (meet.Phase == SeasonMeetPhase.Pending)
        {
            meet = Replace(job, meet, meet with { Phase = SeasonMeetPhase.Starting, JobId = Guid.NewGuid() });
            await ChangeAsync(job);
        }

        SeasonMeet next;
        try
        {
            next = await meets.StartAsync(meet, clock.GetUtcNow(), ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            DatabaseOutage.ClearPoolIfOutage(dataSource, e);
            var attempt = meet.Attempt + 1;
            LogMeetStartFailed(_schoolId, _seasonYear, meet.MeetId, attempt, e.Message);
            next = attempt >= Options.MaxAttempts
                ? meet with { Phase = SeasonMeetPhase.Failed, Attempt = attempt, Message = "Its job could not be started: " + e.Message }
                : meet with
                {
                    Attempt = attempt,
                    Message = $"Starting its job failed (attempt {attempt}): {e.Message}",
                    DueAt = clock.GetUtcNow() + Backoff.Delay(attempt, Options.MaxBackoff, Options.BackoffJitter, Random.Shared),
                };
        }

        Replace(job, meet, next);
        await ChangeAsync(job);
    }

    /// <summary>Asks each running meet's MeetGrain for its job; a meet whose silo is going away is asked again next tick.</summary>
    private async Task FollowMeetsAsync(SeasonJobRecord job)
    {
        var running = job.Meets.Where(m => m.Phase == SeasonMeetPhase.Running).ToList();
        var answers = await Task.WhenAll(running.Select(async meet =>
        {
            try
            {
                return await meets.FollowAsync(meet).WaitAsync(MeetCallTimeout);
            }
            catch (Exception e) when (GrainCallFailures.SiloAway(e))
            {
                return meet;
            }
        }));
        var changed = false;
        foreach (var (before, after) in running.Zip(answers))
        {
            if (after != before)
            {
                Replace(job, before, after);
                changed = true;
            }
        }

        if (changed || !job.Meets.Any(m => m.Phase.IsOpen()))
        {
            await ChangeAsync(job);
        }
    }

    /// <summary>Meets not started are cancelled; the jobs the season started are cancelled; attached jobs belong to someone else.</summary>
    private async Task CancelMeetsAsync(SeasonJobRecord job)
    {
        foreach (var meet in job.Meets.Where(m => m.Phase.IsOpen()).ToList())
        {
            var cancelled = meet with { Phase = SeasonMeetPhase.Cancelled, Message = "The season was cancelled" };
            if (meet is { Phase: SeasonMeetPhase.Starting or SeasonMeetPhase.Running, JobId: { } jobId, Attached: false })
            {
                await meets.CancelJobAsync(meet.MeetId, jobId);
            }
            else if (meet.Attached)
            {
                cancelled = cancelled with { Message = $"The season was cancelled; job {meet.JobId}, which it had joined, runs on" };
            }

            Replace(job, meet, cancelled);
        }
    }

    private static SeasonMeet Replace(SeasonJobRecord job, SeasonMeet before, SeasonMeet after)
    {
        var index = job.Meets.FindIndex(m => m.MeetId == before.MeetId);
        job.Meets[index] = after;
        return after;
    }

    private async Task ChangeAsync(SeasonJobRecord job)
    {
        SeasonRules.Apply(job, clock.GetUtcNow());
        _dirty.Add(job.SeasonJobId);
        await PersistAsync();
    }

    /// <summary>
    /// Writes the grain's state (a copy) and then the read model rows of the jobs changed since the last
    /// write. Changes made while a write runs are written by the next caller; each caller returns once its
    /// own change is stored.
    /// </summary>
    private async Task PersistAsync()
    {
        var mine = ++_changes;
        await _flush.WaitAsync();
        try
        {
            if (_flushed >= mine)
            {
                return;
            }

            var upTo = _changes;
            var snapshot = copier.Copy(_record);
            var dirty = _dirty.ToList();
            _dirty.Clear();
            try
            {
                state.State = snapshot;
                await state.WriteStateAsync();
                foreach (var jobId in dirty)
                {
                    if (snapshot.Jobs.FindLast(j => j.SeasonJobId == jobId) is { } job)
                    {
                        await tables.WriteAsync(_schoolId, _seasonYear, job, CancellationToken.None);
                    }
                }
            }
            catch
            {
                _dirty.UnionWith(dirty);
                throw;
            }

            _flushed = upTo;
        }
        finally
        {
            _flush.Release();
        }
    }

    private async Task SyncReminderAsync()
    {
        await _reminderGate.WaitAsync();
        try
        {
            var hold = HasWork;
            if (hold == _reminderHeld)
            {
                return;
            }

            if (hold)
            {
                await this.RegisterOrUpdateReminder(ResumeReminder, Options.ResumePeriod, Options.ResumePeriod);
            }
            else if (await this.GetReminder(ResumeReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            _reminderHeld = hold;
        }
        finally
        {
            _reminderGate.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Season grain {SchoolId}/{SeasonYear}: a round of its timer failed ({Reason}); the next one tries again")]
    private partial void LogTickFailed(string schoolId, int seasonYear, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Season {SchoolId}/{SeasonYear}: starting meet {MeetId}'s job failed (attempt {Attempt}): {Reason}")]
    private partial void LogMeetStartFailed(string schoolId, int seasonYear, string meetId, int attempt, string reason);
}
