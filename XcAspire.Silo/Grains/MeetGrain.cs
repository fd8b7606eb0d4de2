using System.Diagnostics;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Concurrency;
using Orleans.Serialization;
using XcAspire.ServiceDefaults.Database;
using XcAspire.ServiceDefaults.Telemetry;
using XcAspire.Silo.Grains.Contracts;
using XcAspire.Silo.Hosting;
using XcAspire.Silo.Steps;

namespace XcAspire.Silo.Grains;

/// <summary>
/// One meet (key: the Athletic.net meet id) and its import jobs. Starting a job stores it and returns;
/// a grain timer then hands each race to its RaceGrain, watches the unfinished ones (a race whose silo
/// died is woken on a live silo by the call), and runs the meet-level step once when the last race
/// ends. RaceGrains report every change; the job's status and counts follow from them (<see cref="JobRules"/>).
/// Calls interleave: operator commands are serialized by one gate, state writes by another.
/// </summary>
[GrainType("meet")]
[Reentrant]
public sealed partial class MeetGrain(
    [PersistentState("meet", GrainStorage.Name)] IPersistentState<MeetGrainRecord> state,
    GrainSteps steps,
    WorkSlots slots,
    StepCommits commits,
    JobTables tables,
    EarlierJobs earlierJobs,
    NpgsqlDataSource dataSource,
    DeepCopier<MeetGrainRecord> copier,
    IOptions<SiloWorkOptions> options,
    ILocalSiloDetails silo,
    TimeProvider clock,
    IHostApplicationLifetime lifetime,
    ILogger<MeetGrain> logger) : Grain, IMeetGrain, IRemindable
{

    /// <summary>Jobs kept in the grain; older ones stay in the job table only.</summary>
    private const int MaxJobs = 50;

    /// <summary>Race grains handed a job at once, so a 200-race job does not open 200 storage writes together.</summary>
    private const int DispatchBatch = 16;

    private static readonly TimeSpan RaceCallTimeout = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _commands = new(1, 1);
    private readonly SemaphoreSlim _flush = new(1, 1);
    // Cancelled when the grain deactivates or its silo begins to stop: a running step is then handed
    // back before Orleans deactivates the grain (which would otherwise wait for the step to end).
    private readonly CancellationTokenSource _deactivating = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);
    private ResumeReminder? _reminder;
    private readonly Dictionary<Guid, HashSet<string>> _dirty = [];
    private MeetGrainRecord _record = new();
    private string _meetId = string.Empty;
    private long _changes;
    private long _flushed;
    private IGrainTimer? _timer;
    private bool _ticking;

    private SiloWorkOptions Options => options.Value;

    private ResumeReminder Reminder => _reminder ??= new(this, () => HasWork, Options.ResumePeriod);

    private JobGrainRecord? Current => _record.Jobs.Count > 0 ? _record.Jobs[^1] : null;

    /// <summary>The current job still needs this grain: races to hand out or watch, or its meet step.</summary>
    private bool HasWork => Current is { } job && (job.Status.IsActive() || job.MeetStep is MeetStepPhase.Due or MeetStepPhase.Running);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _meetId = this.GetPrimaryKeyString();
        _record = state.RecordExists ? copier.Copy(state.State) : new MeetGrainRecord();
        if (!_record.EarlierJobsCarried)
        {
            var earlier = await earlierJobs.ForMeetAsync(_meetId, cancellationToken);
            _record.Jobs.InsertRange(0, earlier);
            _record.EarlierJobsCarried = true;
            await PersistAsync();
        }

        if (Current is { MeetStep: MeetStepPhase.Running } interrupted)
        {
            // The silo running the meet step stopped: it committed or it did not, the completion record says which.
            await RecoverMeetStepAsync(interrupted, cancellationToken);
        }

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

    public Task<JobStarted> StartScrapeAsync(StartScrapeRequest request) =>
        StartJobAsync("scrape", request.Races, request.AutoImport, request.DirectoryPath, request.Choices, request.JobId ?? Guid.NewGuid(), 0);

    public Task<JobStarted> StartStagedImportAsync(StagedImportRequest request) =>
        StartJobAsync("folder", request.Races, autoImport: true, request.DirectoryPath, null, request.JobId, request.UnassignedRejected);

    public Task<JobStarted> StartImportAsync(Guid jobId) => CommandAsync(async () =>
    {
        var job = RequireJob(jobId);
        if (job.Status is not (JobStatus.Pending or JobStatus.Scraping or JobStatus.ScrapingComplete))
        {
            throw new JobStateException(
                $"Job {jobId} is {job.Status.Name()}: only a job that is scraping or has finished scraping can start importing.");
        }

        // First the job asks for import (a race handed out from now on imports once scraped)…
        job.AutoImport = true;
        await ChangeAsync(job);
        // …then every race it has already handed out is told.
        await ForRacesAsync(job, r => !r.Phase.IsFinal() && job.Dispatched.Contains(r.RaceId), (grain, id) => grain.ImportAsync(id));
        Kick();
        return new JobStarted(jobId, job.Status);
    });

    public Task<JobStarted> CancelAsync(Guid jobId) => CommandAsync(async () =>
    {
        var job = RequireJob(jobId);
        if (!job.Status.IsActive())
        {
            throw new JobStateException($"Job {jobId} is {job.Status.Name()}: only an active job can be cancelled.");
        }

        job.CancelRequested = true;
        job.Status = JobStatus.Cancelled;
        job.Message = "Cancelled";
        if (job.MeetStep == MeetStepPhase.Due)
        {
            job.MeetStep = MeetStepPhase.None;
        }

        // Races never handed out are cancelled here; the others stop at their next step boundary.
        job.Races = job.Races.Select(r => job.Dispatched.Contains(r.RaceId) || r.Phase.IsFinal() ? r : r with { Phase = RacePhase.Cancelled, NextStep = null, Sequence = r.Sequence + 1 }).ToList();
        await ChangeAsync(job, job.Races.Select(r => r.RaceId));
        await ForRacesAsync(job, r => !r.Phase.IsFinal(), (grain, id) => grain.CancelAsync(id));
        await SyncReminderAsync();
        return new JobStarted(jobId, JobStatus.Cancelled);
    });

    public Task<int> RetryFailedAsync(Guid jobId) => CommandAsync(async () =>
    {
        var job = RequireJob(jobId);
        if (job.Status is JobStatus.Cancelled or JobStatus.Error)
        {
            throw new JobStateException($"Job {jobId} is {job.Status.Name()}: start a new job instead.");
        }

        if (Current is { } current && current != job && current.Status.IsActive())
        {
            throw new ActiveJobConflictException(_meetId, current.JobId);
        }

        var retried = 0;
        foreach (var batch in Snapshot(job, r => r.Phase == RacePhase.Failed).Chunk(DispatchBatch))
        {
            var outcomes = await Task.WhenAll(batch.Select(r => GrainFactory.GetRaceGrain(_meetId, r.RaceId).RetryAsync(jobId)));
            retried += outcomes.Count(ok => ok);
        }

        // A new round of the meet step follows the retried races (or runs now if an upgrade interrupted the last).
        if ((retried > 0 || job.MeetStep != MeetStepPhase.Done) && job.MeetStep != MeetStepPhase.Running)
        {
            job.MeetStep = MeetStepPhase.None;
            job.LastError = null;
            job.FinishedAt = null;
            job.ImportingFinishedAt = null;
            await ChangeAsync(job);
            await SyncReminderAsync();
            Kick();
        }

        return retried;
    });

    public Task<MeetGrainState?> GetStateAsync() => Task.FromResult(Current is { } job ? JobRules.ToView(_meetId, job, silo.Name) : null);

    public Task<MeetGrainState?> GetJobAsync(Guid jobId) =>
        Task.FromResult(FindJob(jobId) is { } job ? JobRules.ToView(_meetId, job, silo.Name) : null);

    public async Task<IReadOnlyList<RaceGrainState>> GetRacesAsync(Guid? jobId = null)
    {
        if ((jobId is { } id ? FindJob(id) : Current) is not { } job)
        {
            return [];
        }

        var races = await Task.WhenAll(job.Races.Select(async summary =>
        {
            var race = await GrainFactory.GetRaceGrain(_meetId, summary.RaceId).GetStateAsync();
            // A later job of the meet may own the race grain now: this job's part is its summary.
            return race is not null && race.JobId == job.JobId ? race : FromSummary(job.JobId, summary);
        }));
        return races;
    }

    public async Task RaceChangedAsync(Guid jobId, RaceSummary race)
    {
        if (FindJob(jobId) is not { } job || !Apply(job, race))
        {
            return;
        }

        await ChangeAsync(job, [race.RaceId]);
        if (job.MeetStep == MeetStepPhase.Due || !HasWork)
        {
            Kick();
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        Reminder.Held = true;
        if (HasWork)
        {
            Kick();
        }

        await SyncReminderAsync();
    }

    private Task<JobStarted> StartJobAsync(
        string kind, IReadOnlyList<RaceToRun> races, bool autoImport, string? directoryPath, MeetChoices? choices, Guid jobId, int unassignedRejected) =>
        CommandAsync(async () =>
        {
            if (FindJob(jobId) is { } existing)
            {
                return new JobStarted(existing.JobId, existing.Status);
            }

            if (races.Count == 0)
            {
                throw new JobStateException($"Meet {_meetId} has no races to {(kind == "scrape" ? "scrape" : "import")}.");
            }

            if (Current is { } active && active.Status.IsActive())
            {
                throw new ActiveJobConflictException(_meetId, active.JobId);
            }

            var firstStep = kind == "scrape" ? RaceStep.Scrape : RaceStep.Import;
            var job = new JobGrainRecord
            {
                JobId = jobId,
                Kind = kind,
                AutoImport = autoImport,
                DirectoryPath = directoryPath,
                Choices = choices,
                UnassignedRejected = unassignedRejected,
                CreatedAt = clock.GetUtcNow(),
                Races = races.Select(r => new RaceSummary(
                    r.RaceId, r.Title, firstStep.WaitingPhase(), firstStep, 0, RowOutcomeCounts.None with { Read = r.RowsRead },
                    null, null, RaceTimings.None, 0)).ToList(),
            };
            _record.Jobs.Add(job);
            try
            {
                await ChangeAsync(job, job.Races.Select(r => r.RaceId));
            }
            catch
            {
                // Not stored: the caller hears of the failure, so the job must not start later either.
                _record.Jobs.Remove(job);
                _dirty.Remove(job.JobId);
                throw;
            }

            TrimHistory();
            await SyncReminderAsync();
            Kick();
            return new JobStarted(job.JobId, job.Status);
        });

    /// <summary>One operator command at a time: the check for an active job and the new job are one step.</summary>
    private async Task<T> CommandAsync<T>(Func<Task<T>> command)
    {
        await _commands.WaitAsync();
        try
        {
            return await command();
        }
        finally
        {
            _commands.Release();
        }
    }

    private JobGrainRecord? FindJob(Guid jobId) => _record.Jobs.FindLast(j => j.JobId == jobId);

    private JobGrainRecord RequireJob(Guid jobId) => FindJob(jobId) ?? throw new KeyNotFoundException($"No import job {jobId} for meet {_meetId}.");

    /// <summary>Takes a race's report unless it is older than what the job has; false when nothing changed.</summary>
    private static bool Apply(JobGrainRecord job, RaceSummary race)
    {
        var index = job.Races.FindIndex(r => r.RaceId == race.RaceId);
        if (index < 0 || race.Sequence <= job.Races[index].Sequence)
        {
            return false;
        }

        job.Races[index] = race;
        return true;
    }

    /// <summary>Applies the job rules, then stores the grain and the job's rows (with the races named).</summary>
    private async Task ChangeAsync(JobGrainRecord job, IEnumerable<string>? races = null)
    {
        JobRules.Apply(job, clock.GetUtcNow());
        if (!_dirty.TryGetValue(job.JobId, out var dirty))
        {
            _dirty[job.JobId] = dirty = [];
        }

        dirty.UnionWith(races ?? []);
        await PersistAsync();
    }

    /// <summary>
    /// Writes the grain's state (a copy: calls go on changing the live record meanwhile) and then the read
    /// model of every job changed since the last write. Changes made while a write runs are written
    /// together by the next caller; a caller returns once its own change is stored.
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
            var dirty = _dirty.ToDictionary(d => d.Key, d => d.Value.ToList());
            _dirty.Clear();
            try
            {
                state.State = snapshot;
                await state.WriteStateAsync();
                foreach (var (jobId, raceIds) in dirty)
                {
                    if (snapshot.Jobs.FindLast(j => j.JobId == jobId) is { } job)
                    {
                        var ids = raceIds.ToHashSet();
                        await tables.WriteAsync(_meetId, job, job.Races.Where(r => ids.Contains(r.RaceId)).ToList(), CancellationToken.None);
                    }
                }
            }
            catch
            {
                foreach (var (jobId, raceIds) in dirty)
                {
                    _dirty.TryAdd(jobId, []);
                    _dirty[jobId].UnionWith(raceIds);
                }

                throw;
            }

            _flushed = upTo;
        }
        finally
        {
            _flush.Release();
        }
    }

    /// <summary>Runs the timer now, then every watchdog period while the grain has work.</summary>
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
            if (Current is not { } job || !HasWork)
            {
                _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                await SyncReminderAsync();
                return;
            }

            await PersistAsync();
            if (job.Status.IsActive())
            {
                await DispatchAsync(job);
                await WatchRacesAsync(job);
            }

            if (job.MeetStep == MeetStepPhase.Due && (job.MeetStepDueAt ?? DateTimeOffset.MinValue) <= clock.GetUtcNow())
            {
                await RunMeetStepAsync(job);
            }
        }
        catch (Exception e) when (!_deactivating.IsCancellationRequested)
        {
            DatabaseOutage.ClearPoolIfOutage(dataSource, e);
            LogTickFailed(_meetId, e.Message);
        }
        finally
        {
            _ticking = false;
        }
    }

    /// <summary>Hands each race not yet handed out to its RaceGrain, a batch at a time, storing progress after each.</summary>
    private async Task DispatchAsync(JobGrainRecord job)
    {
        var firstStep = job.Kind == "scrape" ? RaceStep.Scrape : RaceStep.Import;
        foreach (var batch in Snapshot(job, r => !job.Dispatched.Contains(r.RaceId) && !r.Phase.IsFinal()).Chunk(DispatchBatch))
        {
            // A batch and an operator's command (cancel, start import) never overlap: a command that came
            // first is seen here, and one that comes later finds these races handed out and tells them.
            await _commands.WaitAsync();
            try
            {
                if (!job.Status.IsActive())
                {
                    return;
                }

                var summaries = await Task.WhenAll(batch.Select(r => GrainFactory.GetRaceGrain(_meetId, r.RaceId)
                    .AssignAsync(new RaceAssignment(job.JobId, r.Title, firstStep, job.AutoImport, r.Rows.Read, job.CreatedAt))));
                job.Dispatched.UnionWith(batch.Select(r => r.RaceId));
                foreach (var summary in summaries)
                {
                    Apply(job, summary);
                }

                await ChangeAsync(job, summaries.Select(s => s.RaceId));
            }
            finally
            {
                _commands.Release();
            }
        }
    }

    /// <summary>
    /// The job's races that match, as a list of their own: reports from the races replace entries of
    /// the job's list (interleaved calls) while the caller awaits between batches.
    /// </summary>
    private static List<RaceSummary> Snapshot(JobGrainRecord job, Func<RaceSummary, bool> which) => job.Races.Where(which).ToList();

    /// <summary>
    /// Asks every unfinished race for its state. The call activates a race grain whose silo died on a live
    /// silo, where it resumes; its answer also covers a report that never arrived.
    /// </summary>
    private async Task WatchRacesAsync(JobGrainRecord job)
    {
        var unfinished = job.Races.Where(r => job.Dispatched.Contains(r.RaceId) && !JobRules.Settled(r)).ToList();
        var answers = await Task.WhenAll(unfinished.Select(async r =>
        {
            try
            {
                return await GrainFactory.GetRaceGrain(_meetId, r.RaceId).ResumeAsync(job.JobId).WaitAsync(RaceCallTimeout);
            }
            catch (Exception e) when (GrainCallFailures.SiloAway(e))
            {
                return null; // its silo is going away; the next tick asks again
            }
        }));
        var changed = answers.OfType<RaceSummary>().Where(a => Apply(job, a)).Select(a => a.RaceId).ToList();
        if (changed.Count > 0)
        {
            await ChangeAsync(job, changed);
        }
    }

    private async Task RunMeetStepAsync(JobGrainRecord job)
    {
        var round = job.MeetStepRuns + 1;
        job.MeetStep = MeetStepPhase.Running;
        job.MeetStepAttempt++;
        await ChangeAsync(job);
        var attempt = job.MeetStepAttempt;
        using var activity = XcTelemetry.Source.StartActivity("meet step", ActivityKind.Internal);
        activity?.SetTag("xc.meet_id", _meetId);
        activity?.SetTag("xc.job_id", job.JobId.ToString());
        activity?.SetTag("xc.attempt", attempt);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_deactivating.Token);
        timeout.CancelAfter(Options.MeetStepTimeout);
        try
        {
            await using var slot = await slots.TakeMeetStepAsync(timeout.Token);
            var context = new MeetStepContext(job.JobId, _meetId, attempt, silo.Name, dataSource);
            await commits.CommitMeetStepAsync(job.JobId, round, silo.Name, (c, t) => steps.Meet.RunAsync(context, c, t, timeout.Token), timeout.Token);
            job.MeetStep = MeetStepPhase.Done;
            job.MeetStepRuns = round;
            job.LastError = null;
        }
        catch (Exception) when (_deactivating.IsCancellationRequested)
        {
            job.MeetStep = MeetStepPhase.Due;
            job.MeetStepAttempt = Math.Max(attempt - 1, 0);
        }
        catch (Exception e)
        {
            DatabaseOutage.ClearPoolIfOutage(dataSource, e);
            var message = timeout.IsCancellationRequested ? $"The meet step timed out after {Options.MeetStepTimeout}." : e.Message;
            activity?.SetStatus(ActivityStatusCode.Error, message);
            LogMeetStepFailed(_meetId, job.JobId, attempt, message);
            job.LastError = message;
            if (attempt >= Options.MaxAttempts)
            {
                // The races are imported, but reconciliation and the derived data are not: the operator must know.
                job.MeetStep = MeetStepPhase.Done;
                job.Status = JobStatus.Error;
                job.Message = "The meet-level step failed: " + message;
            }
            else
            {
                job.MeetStep = MeetStepPhase.Due;
                job.MeetStepDueAt = clock.GetUtcNow() + Backoff.Delay(attempt, Options.MaxBackoff, Options.BackoffJitter, Random.Shared);
            }
        }

        await ChangeAsync(job);
        await SyncReminderAsync();
    }

    private async Task RecoverMeetStepAsync(JobGrainRecord job, CancellationToken ct)
    {
        var round = job.MeetStepRuns + 1;
        if (await commits.MeetStepCommittedAsync(job.JobId, round, ct))
        {
            job.MeetStep = MeetStepPhase.Done;
            job.MeetStepRuns = round;
        }
        else
        {
            job.MeetStep = MeetStepPhase.Due;
            job.MeetStepDueAt = clock.GetUtcNow();
        }

        await ChangeAsync(job);
    }

    /// <summary>Calls the job's races that match, a batch at a time, and takes their answers.</summary>
    private async Task ForRacesAsync(JobGrainRecord job, Func<RaceSummary, bool> which, Func<IRaceGrain, Guid, Task<RaceSummary?>> call)
    {
        foreach (var batch in Snapshot(job, which).Chunk(DispatchBatch))
        {
            var answers = await Task.WhenAll(batch.Select(r => call(GrainFactory.GetRaceGrain(_meetId, r.RaceId), job.JobId)));
            var changed = answers.OfType<RaceSummary>().Where(a => Apply(job, a)).Select(a => a.RaceId).ToList();
            if (changed.Count > 0)
            {
                await ChangeAsync(job, changed);
            }
        }
    }

    /// <summary>Keeps the newest jobs' race lists; older jobs keep their counts; the oldest leave the grain (the job table keeps them).</summary>
    private void TrimHistory()
    {
        var jobs = _record.Jobs;
        if (jobs.Count > MaxJobs)
        {
            jobs.RemoveRange(0, jobs.Count - MaxJobs);
        }

        foreach (var old in jobs.Take(Math.Max(jobs.Count - Options.JobsWithRaces, 0)).Where(j => j.ArchivedRaces is null))
        {
            old.ArchivedRaces = JobRules.CountRaces(old);
            old.ArchivedResults = JobRules.CountRows(old);
            old.Races = [];
            old.Dispatched = [];
        }
    }

    private Task SyncReminderAsync() => Reminder.SyncAsync();

    private RaceGrainState FromSummary(Guid jobId, RaceSummary r) => new(
        _meetId, r.RaceId, jobId, r.Title, r.Phase, r.NextStep?.Name(), null, r.Attempt, r.Silo, null, r.Timings, r.Rows, r.LastError, [], r.Sequence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Meet grain {MeetId}: a round of its timer failed ({Reason}); the next one tries again")]
    private partial void LogTickFailed(string meetId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Meet step of meet {MeetId}, job {JobId}, attempt {Attempt} failed: {Reason}")]
    private partial void LogMeetStepFailed(string meetId, Guid jobId, int attempt, string reason);
}
