namespace XcAspire.AppHost.Telemetry;

/// <summary>
/// The last <c>capacity</c> items, each with a sequence number so a poller can ask for what came
/// after the last one it saw. Memory stays bounded however long the AppHost runs.
/// </summary>
internal sealed class RingBuffer<T>(int capacity)
{
    private readonly Lock gate = new();
    private readonly T[] items = new T[capacity];
    private long next;

    public void Add(T item)
    {
        lock (gate)
        {
            items[next % capacity] = item;
            next++;
        }
    }

    /// <summary>Items with a sequence number above <paramref name="after"/> (at most <paramref name="max"/>, the newest), and the next sequence number.</summary>
    public (IReadOnlyList<(long Seq, T Item)> Items, long Next) After(long after, int max)
    {
        lock (gate)
        {
            var first = Math.Max(Math.Max(after + 1, next - capacity), next - max);
            first = Math.Max(first, 0);
            var result = new List<(long, T)>((int)Math.Max(0, next - first));
            for (var seq = first; seq < next; seq++)
            {
                result.Add((seq, items[seq % capacity]));
            }

            return (result, next - 1);
        }
    }
}
