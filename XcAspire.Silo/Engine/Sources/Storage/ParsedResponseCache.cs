namespace XcAspire.Silo.Sources.Storage;

/// <summary>
/// The last few stored responses, parsed: every race of a job reads the same stored bodies, and parsing
/// an 11,000-row meet once per race would cost more than the race's import. PostgreSQL stays the truth.
/// </summary>
internal sealed class ParsedResponseCache<T>
    where T : class
{
    private const int Capacity = 8;
    private readonly LinkedList<(Guid JobId, string Url, T Races)> _entries = new();

    public void Forget(Guid jobId, string url)
    {
        lock (_entries)
        {
            var node = _entries.First;
            while (node is not null)
            {
                var next = node.Next;
                if (node.Value.JobId == jobId && node.Value.Url == url)
                {
                    _entries.Remove(node);
                }

                node = next;
            }
        }
    }

    public T? Get(Guid jobId, string url)
    {
        lock (_entries)
        {
            return _entries.FirstOrDefault(e => e.JobId == jobId && e.Url == url).Races;
        }
    }

    public void Set(Guid jobId, string url, T races)
    {
        lock (_entries)
        {
            var existing = _entries.FirstOrDefault(e => e.JobId == jobId && e.Url == url);
            if (existing.Races is not null)
            {
                return;
            }

            _entries.AddFirst((jobId, url, races));
            while (_entries.Count > Capacity)
            {
                _entries.RemoveLast();
            }
        }
    }
}
