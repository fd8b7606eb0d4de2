namespace XcAspire.Silo.Grains;

/// <summary>
/// A silo's race slots, handed out first to imports and then to scrapes; within each kind, to the race
/// of the earliest job (then in arrival order). A job's scrapes queue every race at once; were imports to
/// queue behind them, the database would sit idle while the source is read and the imports would all
/// pile up after the last scrape. Scrapes never starve: imports hold at most
/// <see cref="SiloWorkOptions.MaxConcurrentImports"/> of the slots. Jobs go in the order they started,
/// as the lease runtime's claim did: with many meets at once, arrival order interleaves every meet's
/// races, so all of them finish late and close together; in job order the first meets finish (and are
/// usable) sooner. The 30-meet scale run's median went from 61 to 56 s (docs/benchmarks.md).
/// </summary>
public sealed class RaceSlotPool(int slots)
{
    private readonly Lock _lock = new();
    private readonly LinkedList<Waiter> _imports = new();
    private readonly LinkedList<Waiter> _scrapes = new();
    private int _free = slots;

    public int Free
    {
        get
        {
            lock (_lock)
            {
                return _free;
            }
        }
    }

    /// <summary>Waits for a slot; <paramref name="jobStartedAt"/> orders the waiters of one kind (earliest first).</summary>
    public Task WaitAsync(bool import, DateTimeOffset jobStartedAt, CancellationToken ct)
    {
        // As SemaphoreSlim does: a caller already giving up takes no slot, free or not.
        ct.ThrowIfCancellationRequested();
        LinkedListNode<Waiter> node;
        lock (_lock)
        {
            // A free slot means nobody waits: Release hands a slot straight to a waiter.
            if (_free > 0)
            {
                _free--;
                return Task.CompletedTask;
            }

            node = Enqueue(import ? _imports : _scrapes, new Waiter(jobStartedAt));
        }

        return ct.CanBeCanceled ? WaitOrAbandonAsync(node, ct) : node.Value.Slot.Task;
    }

    /// <summary>Behind every waiter of the same or an earlier job: a queue's waiters stay in (job start, arrival) order.</summary>
    private static LinkedListNode<Waiter> Enqueue(LinkedList<Waiter> queue, Waiter waiter)
    {
        var before = queue.Last;
        while (before is not null && before.Value.JobStartedAt > waiter.JobStartedAt)
        {
            before = before.Previous;
        }

        return before is null ? queue.AddFirst(waiter) : queue.AddAfter(before, waiter);
    }

    private async Task WaitOrAbandonAsync(LinkedListNode<Waiter> node, CancellationToken ct)
    {
        await using var registration = ct.Register(() => Abandon(node, ct));
        await node.Value.Slot.Task;
    }

    public void Release()
    {
        lock (_lock)
        {
            // A waiter handed the slot is taken off its queue in the same lock, so a cancel coming
            // after finds nothing to abandon and the slot stays with it.
            var next = _imports.First ?? _scrapes.First;
            if (next is null)
            {
                _free++;
                return;
            }

            next.List!.Remove(next);
            next.Value.Slot.SetResult();
        }
    }

    private void Abandon(LinkedListNode<Waiter> node, CancellationToken ct)
    {
        lock (_lock)
        {
            if (node.List is null)
            {
                return; // already handed a slot
            }

            node.List.Remove(node);
        }

        node.Value.Slot.TrySetCanceled(ct);
    }

    private sealed record Waiter(DateTimeOffset JobStartedAt)
    {
        public TaskCompletionSource Slot { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
