using System.Collections.Concurrent;

namespace XcAspire.Silo.Sources.Sample;

/// <summary>One call the sample source answered: what, when (its own clock), and which fault it got.</summary>
public sealed record SampleRequest(string Method, string Path, DateTimeOffset StartedAt, DateTimeOffset EndedAt, int Status, SampleFault? Fault);

/// <summary>The calls a sample source answered, in order of arrival.</summary>
public sealed class SampleRequestLog
{
    private readonly ConcurrentQueue<SampleRequest> _requests = new();

    public IReadOnlyList<SampleRequest> All => _requests.ToArray().OrderBy(r => r.StartedAt).ToList();

    public int Count(string pathContains) => _requests.Count(r => r.Path.Contains(pathContains, StringComparison.OrdinalIgnoreCase));

    internal void Add(SampleRequest request) => _requests.Enqueue(request);
}
