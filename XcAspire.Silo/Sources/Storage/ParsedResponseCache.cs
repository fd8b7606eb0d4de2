using XcAspire.Silo.Sources.AthleticNet;

namespace XcAspire.Silo.Sources.Storage;

/// <summary>
/// The last few whole-meet responses, parsed: every race of a job reads the same stored body, and parsing
/// an 11,000-row meet once per race would cost more than the race's import. PostgreSQL stays the truth.
/// </summary>
internal sealed class ParsedResponseCache
{
    private const int Capacity = 4;
    private readonly LinkedList<(Guid JobId, string Url, IReadOnlyDictionary<string, RaceResultSet> Races)> _entries = new();

    public IReadOnlyDictionary<string, RaceResultSet>? Get(Guid jobId, string url)
    {
        lock (_entries)
        {
            return _entries.FirstOrDefault(e => e.JobId == jobId && e.Url == url).Races;
        }
    }

    public void Set(Guid jobId, string url, IReadOnlyDictionary<string, RaceResultSet> races)
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
