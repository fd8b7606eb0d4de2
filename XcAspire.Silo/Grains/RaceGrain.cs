using System.Diagnostics;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Concurrency;
using Orleans.Placement;
using Orleans.Serialization;
using XcAspire.ServiceDefaults.Database;
using XcAspire.ServiceDefaults.Telemetry;
using XcAspire.Silo.Grains.Contracts;
using XcAspire.Silo.Hosting;
using XcAspire.Silo.Import;
using XcAspire.Silo.Steps;

namespace XcAspire.Silo.Grains;

/// <summary>
/// One race (key <c>meetId/raceId</c>): runs its scrape and import steps in a grain timer, one attempt at a
/// time, with retries and backoff; reports every change to its MeetGrain. Calls interleave (status reads
/// answer while a step runs); every change of the stored state goes through one gate, in order.
/// While it has unfinished work it holds a reminder, so after its silo dies it wakes on a live one and
/// resumes from its stored phase, first reading the step's completion record.
/// </summary>
[GrainType("race")]
[Reentrant]
[RandomPlacement]
public sealed partial class RaceGrain(
    [PersistentState("race", GrainStorage.Name)] IPersistentState<RaceGrainRecord> state,
    GrainSteps steps,
    WorkSlots slots,
    StepCommits commits,
    JobTables tables,
    EarlierJobs earlierJobs,
    NpgsqlDataSource dataSource,
    DeepCopier<RaceGrainRecord> copier,
    IOptions<SiloWorkOptions> options,
    ILocalSiloDetails silo,
    TimeProvider clock,
    IHostApplicationLifetime lifetime,
    ILogger<RaceGrain> logger) : Grain, IRaceGrain, IRemindable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    // Cancelled when the grain deactivates or its silo begins to stop: a running step is then handed
    // back before Orleans deactivates the grain (which would otherwise wait for the step to end).
    private readonly CancellationTokenSource _deactivating = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);
    private ResumeReminder? _reminder;
    private string _meetId = string.Empty;
    private string _raceId = string.Empty;
    private IGrainTimer? _timer;
    private Task _work = Task.CompletedTask;
    private bool _working;
    private bool _superseding;
    private CancellationTokenSource? _stepCancel;
    private Guid? _stepJob;

    private RaceGrainRecord Race => state.State;

    private SiloWorkOptions Options => options.Value;

    private ResumeReminder Reminder => _reminder ??= new(this, () => HasWork, Options.ResumePeriod);

    /// <summary>Work this grain will do without an operator: a step due (now or after a backoff).</summary>
    private bool HasWork => state.RecordExists && Race.NextStep is not null && !Race.Phase.IsFinal();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_meetId, _raceId) = GrainKeys.ParseRace(this.GetPrimaryKeyString());
        if (!state.RecordExists && await earlierJobs.ForRaceAsync(_meetId, _raceId, cancellationToken) is { } earlier)
        {
            await ChangeAsync(r => CopyInto(earlier, r), notify: false);
        }

        if (Race.Phase is RacePhase.Scraping or RacePhase.Importing)
        {
            await RecoverInterruptedStepAsync(cancellationToken);
        }

        await StartWorkIfDueAsync();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // A silo stopping (or a grain moved) hands a running step back: the loop sees this token and
        // puts the race back to its waiting phase without spending the attempt.
        await _deactivating.CancelAsync();
        await _work.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        _timer?.Dispose();
    }

    public async Task<RaceSummary> AssignAsync(RaceAssignment assignment)
    {
        if (state.RecordExists && Race.JobId == assignment.JobId)
        {
            return Summary();
        }

        // A race of an earlier (cancelled) job may still be running: stop it, the new job owns the race now.
        if (_working)
        {
            _superseding = true;
            _stepCancel?.Cancel();
            await _work.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        }

        _superseding = false;

        await ChangeAsync(r =>
        {
            r.JobId = assignment.JobId;
            r.JobStartedAt = assignment.JobStartedAt;
            r.Title = assignment.Title;
            r.Phase = assignment.FirstStep.WaitingPhase();
            r.NextStep = assignment.FirstStep;
            r.DueAt = null;
            r.Attempt = 0;
            r.Silo = null;
            r.Timings = RaceTimings.None;
            r.Rows = RowOutcomeCounts.None with { Read = assignment.RowsRead };
            r.LastError = null;
            r.Errors = [];
            r.AutoImport = assignment.AutoImport;
            r.CancelRequested = false;
        }, notify: false);
        await StartWorkIfDueAsync();
        return Summary();
    }

    public async Task<RaceSummary?> ImportAsync(Guid jobId)
    {
        if (!IsJob(jobId) || Race.Phase.IsFinal())
        {
            return IsJob(jobId) ? Summary() : null;
        }

        await ChangeAsync(r =>
        {
            r.AutoImport = true;
            if (r.Phase == RacePhase.Scraped && r.NextStep is null)
            {
                r.NextStep = RaceStep.Import;
                r.DueAt = null;
                r.Attempt = 0;
            }
        });
        await StartWorkIfDueAsync();
        return Summary();
    }

    public async Task<RaceSummary?> CancelAsync(Guid jobId)
    {
        if (!IsJob(jobId))
        {
            return null;
        }

        if (!Race.Phase.IsFinal() && !Race.CancelRequested)
        {
            // A step running now stops at its boundary (it commits nothing); otherwise the race ends here.
            var idle = _stepJob is null;
            await ChangeAsync(r =>
            {
                r.CancelRequested = true;
                if (idle)
                {
                    MarkCancelled(r);
                }
            });
            await SyncReminderAsync();
        }

        return Summary();
    }

    public async Task<bool> RetryAsync(Guid jobId)
    {
        if (!IsJob(jobId) || Race.Phase != RacePhase.Failed)
        {
            return false;
        }

        // Back to the last good phase: scraped when the race's rows are stored, else pending.
        var scraped = Race.Timings.ScrapeFinishedAt is not null
            || await commits.FindRaceStepAsync(jobId, _raceId, RaceStep.Scrape, CancellationToken.None) is not null
            || await HasStagedRowsAsync(jobId);
        await ChangeAsync(r =>
        {
            r.Phase = scraped ? RacePhase.Scraped : RacePhase.Pending;
            r.NextStep = scraped ? RaceStep.Import : RaceStep.Scrape;
            r.AutoImport |= scraped;
            r.DueAt = null;
            r.Attempt = 0;
            r.LastError = null;
            r.CancelRequested = false;
        });
        await StartWorkIfDueAsync();
        return true;
    }

    public async Task<RaceSummary?> ResumeAsync(Guid jobId)
    {
        if (!IsJob(jobId))
        {
            return null;
        }

        await StartWorkIfDueAsync();
        return Summary();
    }

    public Task<RaceGrainState?> GetStateAsync() => Task.FromResult(state.RecordExists ? View() : null);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        Reminder.Held = true;
        await StartWorkIfDueAsync();
        await SyncReminderAsync();
    }

    private bool IsJob(Guid jobId) => state.RecordExists && Race.JobId == jobId;

    private async Task StartWorkIfDueAsync()
    {
        if (HasWork)
        {
            await SyncReminderAsync();
            ScheduleWork(TimeSpan.Zero);
        }
    }

    /// <summary>Runs the work loop after <paramref name="delay"/> (unless it is running: it picks the change up itself).</summary>
    private void ScheduleWork(TimeSpan delay)
    {
        if (_working)
        {
            return;
        }

        var options = new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan) { Interleave = true, KeepAlive = true };
        if (_timer is null)
        {
            // The timer's token is cancelled when the grain deactivates: a running step then stops.
            _timer = this.RegisterGrainTimer(
                ct =>
                {
                    ct.Register(static d => ((CancellationTokenSource)d!).Cancel(), _deactivating);
                    return RunWorkLoopAsync();
                },
                options);
        }
        else
        {
            _timer.Change(delay, Timeout.InfiniteTimeSpan);
        }
    }

    private Task RunWorkLoopAsync()
    {
        if (_working)
        {
            return Task.CompletedTask;
        }

        _working = true;
        _work = WorkLoopAsync();
        return _work;
    }

    /// <summary>Runs due steps until the race waits for nothing, for a backoff, or for a stop.</summary>
    private async Task WorkLoopAsync()
    {
        try
        {
            while (!_deactivating.IsCancellationRequested && !_superseding && HasWork)
            {
                if (Race.CancelRequested)
                {
                    await ChangeAsync(MarkCancelled);
                    break;
                }

                var wait = (Race.DueAt ?? DateTimeOffset.MinValue) - clock.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    _working = false;
                    ScheduleWork(wait);
                    return;
                }

                var step = Race.NextStep!.Value;
                await using var slot = await slots.TakeAsync(step, Race.JobStartedAt, _deactivating.Token);
                if (Race.NextStep == step && !Race.CancelRequested && !Race.Phase.IsFinal())
                {
                    await RunStepAsync(step);
                }
            }
        }
        catch (OperationCanceledException) when (_deactivating.IsCancellationRequested)
        {
            // Deactivating: the reminder brings the race back wherever the grain lives next.
        }
        catch (Exception e)
        {
            // Bookkeeping failed (PostgreSQL unreachable?): try again shortly; the reminder backs this up.
            DatabaseOutage.ClearPoolIfOutage(dataSource, e);
            LogLoopFailed(_meetId, _raceId, e.Message);
            _working = false;
            ScheduleWork(TimeSpan.FromSeconds(1));
            return;
        }

        _working = false;
        if (!_deactivating.IsCancellationRequested && !_superseding)
        {
            await SyncReminderAsync().ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        }
    }

    private async Task RunStepAsync(RaceStep step)
    {
        var jobId = Race.JobId;
        var now = clock.GetUtcNow();
        await ChangeAsync(r =>
        {
            r.Phase = step.RunningPhase();
            r.Attempt++;
            r.Silo = silo.Name;
            r.Timings = step == RaceStep.Scrape
                ? r.Timings with { ScrapeStartedAt = r.Timings.ScrapeStartedAt ?? now }
                : r.Timings with { ImportStartedAt = r.Timings.ImportStartedAt ?? now };
        });

        var attempt = Race.Attempt;
        var timeout = step == RaceStep.Scrape ? Options.ScrapeTimeout : Options.ImportTimeout;
        using var stepCancel = CancellationTokenSource.CreateLinkedTokenSource(_deactivating.Token);
        stepCancel.CancelAfter(timeout);
        _stepCancel = stepCancel;
        _stepJob = jobId;
        using var activity = XcTelemetry.Source.StartActivity($"race {step.Name()}", ActivityKind.Internal);
        activity?.SetTag("xc.meet_id", _meetId);
        activity?.SetTag("xc.race_id", _raceId);
        activity?.SetTag("xc.job_id", jobId.ToString());
        activity?.SetTag("xc.attempt", attempt);
        activity?.SetTag("xc.silo_id", silo.Name);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var context = new RaceStepContext(jobId, _meetId, _raceId, Race.Title, attempt, silo.Name, dataSource);
            var effects = await (step == RaceStep.Scrape ? steps.Scrape : steps.Import).RunAsync(context, stepCancel.Token);
            if (Race.CancelRequested || Race.JobId != jobId)
            {
                // The step boundary: a cancelled race commits nothing.
                if (Race.JobId == jobId)
                {
                    await ChangeAsync(MarkCancelled);
                }

                return;
            }

            var commit = await commits.CommitRaceStepAsync(jobId, _raceId, step, attempt, silo.Name, effects, stepCancel.Token);
            GrainMetrics.RaceSteps.Add(1, new("step", step.Name()), new("outcome", "ok"));
            if (step == RaceStep.Import && !commit.Earlier)
            {
                GrainMetrics.ResultsImported.Add(commit.Counts.Read - commit.Counts.Rejected);
                GrainMetrics.ImportThroughput.Record(commit.Counts.Read / Math.Max(Stopwatch.GetElapsedTime(started).TotalSeconds, 1e-3));
            }

            await ChangeAsync(r => Succeed(r, step, commit.Counts, clock.GetUtcNow()));
        }
        catch (Exception) when (_deactivating.IsCancellationRequested)
        {
            // A graceful stop: the step is handed back without spending an attempt (River's soft stop).
            LogHandedBack(_meetId, _raceId, step.Name(), attempt);
            await ChangeAsync(r =>
            {
                r.Phase = step.WaitingPhase();
                r.Attempt = Math.Max(r.Attempt - 1, 0);
            }, notify: false).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
            throw;
        }
        catch (Exception e) when (_superseding || Race.JobId != jobId)
        {
            // A new job took the race over while this step ran; its outcome belongs to nobody.
            LogSuperseded(_meetId, _raceId, jobId, e.Message);
        }
        catch (Exception e)
        {
            DatabaseOutage.ClearPoolIfOutage(dataSource, e);
            var timedOut = stepCancel.IsCancellationRequested;
            var message = timedOut ? $"The {step.Name()} step timed out after {timeout}." : e.Message;
            activity?.SetStatus(ActivityStatusCode.Error, message);
            await FailAttemptAsync(step, attempt, message, permanent: !timedOut && IsPermanent(e));
        }
        finally
        {
            _stepCancel = null;
            _stepJob = null;
        }
    }

    /// <summary>A refusal, a challenge page or a data error gets no better by trying again (integrity issue: no retry).</summary>
    private static bool IsPermanent(Exception e) => e is PermanentStepException || ImportErrors.IsDeterministic(e);

    private async Task FailAttemptAsync(RaceStep step, int attempt, string message, bool permanent)
    {
        var final = permanent || attempt >= Options.MaxAttempts;
        var error = new RaceError(clock.GetUtcNow(), attempt, silo.Name, step.RunningPhase().Name(), message);
        var backoff = Backoff.Delay(attempt, Options.MaxBackoff, Options.BackoffJitter, Random.Shared);
        // The history row first: whoever sees the race failed can read why.
        await tables.RecordErrorAsync(_meetId, _raceId, Race.JobId, error, CancellationToken.None)
            .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        await ChangeAsync(r =>
        {
            r.Errors = [.. r.Errors.TakeLast(99), error];
            r.LastError = message;
            r.Phase = final ? RacePhase.Failed : step.WaitingPhase();
            r.NextStep = final ? null : step;
            r.DueAt = final ? null : error.OccurredAt + backoff;
        });
        GrainMetrics.RaceSteps.Add(1, new("step", step.Name()), new("outcome", final ? "failed" : "retry"));
        if (!final)
        {
            GrainMetrics.Retries.Add(1);
        }

        LogAttemptFailed(_raceId, _meetId, step.Name(), attempt, silo.Name, final ? " for good" : "; retrying after backoff", message);
    }

    /// <summary>
    /// The stored phase says a step was running when the last activation ended without handing it back
    /// (its silo died, or stopped too fast): the completion record says whether it committed.
    /// </summary>
    private async Task RecoverInterruptedStepAsync(CancellationToken ct)
    {
        var step = Race.Phase == RacePhase.Scraping ? RaceStep.Scrape : RaceStep.Import;
        if (await commits.FindRaceStepAsync(Race.JobId, _raceId, step, ct) is { } committed)
        {
            await ChangeAsync(r => Succeed(r, step, committed, clock.GetUtcNow()));
            return;
        }

        GrainMetrics.Failovers.Add(1, new KeyValuePair<string, object?>("step", step.Name()));
        var message = $"Silo {Race.Silo} stopped during attempt {Race.Attempt}; resumed on silo {silo.Name}.";
        LogResumed(_raceId, _meetId, step.Name(), Race.Attempt, Race.Silo, silo.Name);
        var error = new RaceError(clock.GetUtcNow(), Race.Attempt, Race.Silo ?? "unknown", step.RunningPhase().Name(), message);
        var final = Race.Attempt >= Options.MaxAttempts;
        await tables.RecordErrorAsync(_meetId, _raceId, Race.JobId, error, ct)
            .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        await ChangeAsync(r =>
        {
            r.Errors = [.. r.Errors.TakeLast(99), error];
            r.Phase = final ? RacePhase.Failed : step.WaitingPhase();
            r.NextStep = final ? null : step;
            r.DueAt = null;
            r.LastError = final ? $"No attempts left ({Options.MaxAttempts}) after the last holder stopped." : r.LastError;
        });
    }

    private static void Succeed(RaceGrainRecord r, RaceStep step, RowOutcomeCounts counts, DateTimeOffset now)
    {
        r.Attempt = 0;
        r.LastError = null;
        r.DueAt = null;
        if (step == RaceStep.Scrape)
        {
            r.Phase = RacePhase.Scraped;
            r.Rows = RowOutcomeCounts.None with { Read = counts.Read };
            r.NextStep = r.AutoImport ? RaceStep.Import : null;
            r.Timings = r.Timings with { ScrapeFinishedAt = now };
        }
        else
        {
            r.Phase = RacePhase.Imported;
            r.Rows = counts;
            r.NextStep = null;
            r.Timings = r.Timings with { ImportFinishedAt = now };
        }
    }

    private static void MarkCancelled(RaceGrainRecord r)
    {
        r.Phase = RacePhase.Cancelled;
        r.NextStep = null;
        r.DueAt = null;
    }

    private static void CopyInto(RaceGrainRecord from, RaceGrainRecord to)
    {
        to.JobId = from.JobId;
        to.Title = from.Title;
        to.Phase = from.Phase;
        to.NextStep = from.NextStep;
        to.Attempt = from.Attempt;
        to.Silo = from.Silo;
        to.Timings = from.Timings;
        to.Rows = from.Rows;
        to.LastError = from.LastError;
        to.Errors = from.Errors;
        to.AutoImport = from.AutoImport;
        to.Sequence = from.Sequence;
    }

    /// <summary>
    /// The one way the stored state changes: on a copy, written, then made current, so a failed write
    /// leaves the grain as it was; then the MeetGrain hears of it (outside the gate: it may call back).
    /// </summary>
    private async Task ChangeAsync(Action<RaceGrainRecord> change, bool notify = true)
    {
        await _gate.WaitAsync();
        try
        {
            var before = state.State;
            var next = copier.Copy(before);
            change(next);
            next.Sequence++;
            state.State = next;
            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                state.State = before;
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }

        if (notify)
        {
            await NotifyMeetAsync();
        }
    }

    private async Task NotifyMeetAsync()
    {
        try
        {
            await GrainFactory.GetMeetGrain(_meetId).RaceChangedAsync(Race.JobId, Summary());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The MeetGrain polls its unfinished races as well; it will read this change from here.
            LogNotifyFailed(_meetId, _raceId, e.Message);
        }
    }

    /// <summary>Holds the resume reminder exactly while the race has unfinished work (read when this runs, not when asked).</summary>
    private Task SyncReminderAsync() => Reminder.SyncAsync();

    private async Task<bool> HasStagedRowsAsync(Guid jobId)
    {
        await using var command = dataSource.CreateCommand("SELECT 1 FROM job_race_rows WHERE job_id = @job AND race_id = @race");
        command.Parameters.AddWithValue("job", jobId);
        command.Parameters.AddWithValue("race", _raceId);
        return await command.ExecuteScalarAsync() is not null;
    }

    private RaceSummary Summary() =>
        new(_raceId, Race.Title, Race.Phase, Race.NextStep, Race.Attempt, Race.Rows, Race.LastError, Race.Silo, Race.Timings, Race.Sequence);

    private RaceGrainState View() => new(
        _meetId, _raceId, Race.JobId, Race.Title, Race.Phase, Race.NextStep?.Name(), Race.NextStep is null ? null : Race.DueAt,
        Race.Attempt, Race.Silo, silo.Name, Race.Timings, Race.Rows, Race.LastError, Race.Errors, Race.Sequence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Race {RaceId} of meet {MeetId}, {Step} attempt {Attempt} on silo {Silo} failed{Final}: {Reason}")]
    private partial void LogAttemptFailed(string raceId, string meetId, string step, int attempt, string silo, string final, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Race {RaceId} of meet {MeetId}: {Step} attempt {Attempt} on silo {Previous} did not finish; resuming on silo {Silo}")]
    private partial void LogResumed(string raceId, string meetId, string step, int attempt, string? previous, string silo);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Race grain {MeetId}/{RaceId} could not record its work ({Reason}); trying again")]
    private partial void LogLoopFailed(string meetId, string raceId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Race grain {MeetId}/{RaceId}: a step of job {JobId} ended after a new job took the race over ({Reason})")]
    private partial void LogSuperseded(string meetId, string raceId, Guid jobId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Race grain {MeetId}/{RaceId}: its silo is stopping; {Step} attempt {Attempt} handed back")]
    private partial void LogHandedBack(string meetId, string raceId, string step, int attempt);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Race grain {MeetId}/{RaceId} could not tell its meet grain of a change: {Reason}")]
    private partial void LogNotifyFailed(string meetId, string raceId, string reason);
}
