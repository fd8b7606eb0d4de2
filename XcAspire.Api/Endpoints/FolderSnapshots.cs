using XcAspire.Api.Problems;
using XcAspire.Silo.Import.Csv;
using XcAspire.Silo.MeetData;

namespace XcAspire.Api.Endpoints;

/// <summary>
/// A meet folder under the data root read into the shared meet model. A folder that cannot be read is
/// the caller's to fix (400).
/// </summary>
public static class FolderSnapshots
{
    public static MeetSnapshot Read(string folder)
    {
        try
        {
            return IsCsvMeetFolder(folder) ? MeetFolderReader.Read(folder)
                : throw new RequestValidationException($"'{Path.GetFileName(folder)}' is not a meet folder: it has no meets.csv.");
        }
        catch (MeetFolderException e)
        {
            throw new RequestValidationException(e.Message);
        }
    }

    /// <summary>Every meet folder at or below <paramref name="under"/>, in name order (the backlog).</summary>
    public static IReadOnlyList<string> MeetFoldersBelow(string under)
    {
        var folders = new[] { under }
            .Concat(Directory.EnumerateDirectories(under, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }))
            .Where(IsCsvMeetFolder)
            .Order(StringComparer.Ordinal)
            .ToList();
        return folders.Count > 0 ? folders : throw new RequestValidationException("No meet folder (one with meets.csv) below that path.");
    }

    private static bool IsCsvMeetFolder(string folder) => File.Exists(Path.Combine(folder, "meets.csv"));
}
