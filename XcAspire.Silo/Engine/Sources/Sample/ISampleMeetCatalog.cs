using XcAspire.Silo.MeetData;

namespace XcAspire.Silo.Sources.Sample;

/// <summary>The meets a sample source serves, by Athletic.net meet id.</summary>
public interface ISampleMeetCatalog
{
    IReadOnlyCollection<string> MeetIds { get; }

    MeetSnapshot? Find(string meetId);
}

public sealed class InMemorySampleMeetCatalog : ISampleMeetCatalog
{
    private readonly Dictionary<string, MeetSnapshot> _meets;

    public InMemorySampleMeetCatalog(IEnumerable<MeetSnapshot> meets)
    {
        _meets = meets.ToDictionary(m => m.Meet.AthleticNetMeetId, StringComparer.Ordinal);
    }

    public IReadOnlyCollection<string> MeetIds => _meets.Keys;

    public MeetSnapshot? Find(string meetId) => _meets.GetValueOrDefault(meetId);
}
