using Microsoft.Extensions.Options;
using XcAspire.Silo.Grains.Contracts;

namespace XcAspire.Silo.Grains;

/// <summary>
/// This silo's limits on race work (<see cref="SiloWorkOptions.MaxConcurrentRaces"/>, of which at most
/// <see cref="SiloWorkOptions.MaxConcurrentImports"/> import; imports take a free race slot before scrapes,
/// see <see cref="RaceSlotPool"/>). A RaceGrain holds a slot while its step runs;
/// one waiting for a slot stays in its waiting phase and interleaves with every call meanwhile.
/// </summary>
public sealed class WorkSlots(IOptions<SiloWorkOptions> options)
{
    private readonly RaceSlotPool _races = new(options.Value.MaxConcurrentRaces);
    // Every waiter here imports: the pool only keeps them in their jobs' order.
    private readonly RaceSlotPool _imports = new(Math.Min(options.Value.MaxConcurrentImports, options.Value.MaxConcurrentRaces));

    // The meet step (reconciliation, derived rebuild) keeps a database core busy for seconds: one per silo.
    private readonly SemaphoreSlim _meetSteps = new(1);

    /// <summary>
    /// Waits for a race slot, and first for an import slot when the step imports (one order, so no two
    /// steps hold each other's); races of the job that started first go first.
    /// </summary>
    public async Task<IAsyncDisposable> TakeAsync(RaceStep step, DateTimeOffset jobStartedAt, CancellationToken ct)
    {
        var import = step == RaceStep.Import;
        if (import)
        {
            await _imports.WaitAsync(import: true, jobStartedAt, ct);
        }

        try
        {
            await _races.WaitAsync(import, jobStartedAt, ct);
        }
        catch
        {
            if (import)
            {
                _imports.Release();
            }

            throw;
        }

        return new Slot(this, import);
    }

    public async Task<IAsyncDisposable> TakeMeetStepAsync(CancellationToken ct)
    {
        await _meetSteps.WaitAsync(ct);
        return new Release(_meetSteps);
    }

    private sealed class Release(SemaphoreSlim semaphore) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                semaphore.Release();
            }

            return ValueTask.CompletedTask;
        }
    }

    private sealed class Slot(WorkSlots owner, bool import) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner._races.Release();
                if (import)
                {
                    owner._imports.Release();
                }
            }

            return ValueTask.CompletedTask;
        }
    }
}
