using XcAspire.Silo.MeetData;

namespace XcAspire.Silo.Sources;

/// <summary>Builds the shared <see cref="MeetSnapshot"/> from a meet's metadata and its races' rows.</summary>
public static class MeetSnapshotAssembler
{
    public static MeetSnapshot Assemble(MeetMetadata metadata, IEnumerable<RaceRows> races) =>
        Assemble(metadata, races, extraRejected: []);

    public static MeetSnapshot Assemble(MeetMetadata metadata, IEnumerable<RaceRows> races, IReadOnlyList<RejectedRow> extraRejected)
    {
        var raceList = races.ToList();
        var results = raceList.SelectMany(r => r.Results).ToList();
        var rejected = raceList.SelectMany(r => r.Rejected).Concat(extraRejected).ToList();
        var warnings = metadata.Warnings.Concat(raceList.SelectMany(r => r.Warnings)).Distinct().ToList();

        // One school per real team id, else per name: the name a team id first appeared with is kept.
        var schools = new List<SchoolRecord>();
        var seenIds = new HashSet<string>(StringComparer.Ordinal);
        var seenNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var result in results)
        {
            if (result.AthleticNetTeamId is { } teamId)
            {
                if (seenIds.Add(teamId))
                {
                    schools.Add(new SchoolRecord(result.SchoolName, teamId, result.SchoolSourceKey));
                }
            }
            else if (seenNames.Add(result.SchoolName))
            {
                schools.Add(new SchoolRecord(result.SchoolName, null, result.SchoolSourceKey));
            }
        }

        // Courses are the operator's choice (MeetChoices): the API names no course, only the venue.
        return new MeetSnapshot(
            metadata.Meet,
            metadata.Venue,
            Courses: [],
            raceList.Select(r => r.Race).ToList(),
            schools,
            results,
            rejected,
            warnings);
    }
}
