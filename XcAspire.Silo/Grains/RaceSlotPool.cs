namespace XcAspire.Silo.Grains;

/// <summary>
/// A silo's race slots, handed out first to imports and then to scrapes, each kind in arrival order.
/// A job's scrapes queue every race at once; were imports to queue behind them, the database would sit
/// idle while the source is read and the imports would all pile up after the last scrape. Scrapes never
/// starve: imports hold at most <see cref="SiloWorkOptions.MaxConcurrentImports"/> of the slots.
/// </summary>
public sealed class RaceSlotPool(int slots)
{
    private readonly Lock _lock = new();
    private readonly LinkedList<TaskCompletionSource> _imports = new();
    private readonly LinkedList<TaskCompletionSource> _scrapes = new();
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

    public Task WaitAsync(bool import, CancellationToken ct)
    {
        // As SemaphoreSlim does: a caller already giving up takes no slot, free or not.
        ct.ThrowIfCancellationRequested();
        LinkedListNode<TaskCompletionSource> node;
        lock (_lock)
        {
            // A free slot means nobody waits: Release hands a slot straight to a waiter.
            if (_free > 0)
            {
                _free--;
                return Task.CompletedTask;
            }

            node = (import ? _imports : _scrapes).AddLast(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }

        return ct.CanBeCanceled ? WaitOrAbandonAsync(node, ct) : node.Value.Task;
    }

    private async Task WaitOrAbandonAsync(LinkedListNode<TaskCompletionSource> node, CancellationToken ct)
    {
        await using var registration = ct.Register(() => Abandon(node, ct));
        await node.Value.Task;
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
            next.Value.SetResult();
        }
    }

    private void Abandon(LinkedListNode<TaskCompletionSource> node, CancellationToken ct)
    {
        lock (_lock)
        {
            if (node.List is null)
            {
                return; // already handed a slot
            }

            node.List.Remove(node);
        }

        node.Value.TrySetCanceled(ct);
    }
}
