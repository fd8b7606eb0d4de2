using Npgsql;
using XcAspire.Api.Paths;
using XcAspire.Api.Problems;
using XcAspire.Silo.Import;
using XcAspire.Silo.Import.Csv;
using XcAspire.Silo.MeetData;

namespace XcAspire.Api.Endpoints;

/// <summary>
/// A meet folder under the data root read into the shared meet model. A folder that cannot be read, or
/// that would move a race another meet owns, is the caller's to fix (400), and nothing of it is written.
/// </summary>
public static class FolderSnapshots
{
    public static async Task<MeetSnapshot> ReadAsync(string folder, DataRoot dataRoot, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        MeetSnapshot snapshot;
        try
        {
            snapshot = IsCsvMeetFolder(folder) ? MeetFolderReader.Read(folder, dataRoot.FullPath)
                : throw new RequestValidationException($"'{Path.GetFileName(folder)}' is not a meet folder: it has no meets.csv.");
        }
        catch (MeetFolderException e)
        {
            throw new RequestValidationException(e.Message);
        }

        var conflicts = await RaceOwnership.ConflictsAsync(dataSource, snapshot, ct);
        if (conflicts.Count > 0)
        {
            throw new RequestValidationException(
                $"races.csv: {string.Join("; ", conflicts.Take(5))}{(conflicts.Count > 5 ? $"; and {conflicts.Count - 5} more" : "")}. " +
                $"A folder never moves a race to another meet, so nothing of meet {snapshot.Meet.AthleticNetMeetId}'s folder is imported.");
        }

        return snapshot;
    }

    /// <summary>Every meet folder at or below <paramref name="under"/>, in name order (the backlog).</summary>
    public static IReadOnlyList<string> MeetFoldersBelow(string under)
    {
        var folders = MeetFoldersAt(under);
        return folders.Count > 0 ? folders : throw new RequestValidationException("No meet folder (one with meets.csv) below that path.");
    }

    /// <summary>Every meet folder at or below <paramref name="under"/>, in name order; links are not followed.</summary>
    public static IReadOnlyList<string> MeetFoldersAt(string under) =>
        new[] { under }
            .Concat(Directory.EnumerateDirectories(under, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }))
            .Where(IsCsvMeetFolder)
            .Order(StringComparer.Ordinal)
            .ToList();

    private static bool IsCsvMeetFolder(string folder) => File.Exists(Path.Combine(folder, "meets.csv"));
}
