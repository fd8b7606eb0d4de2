using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using XcAspire.Api.OpenApi;
using XcAspire.Api.Paths;
using XcAspire.Silo.Import.Csv;

namespace XcAspire.Api.Endpoints;

/// <summary>One meet folder under the data root: what it holds, and the last job that imported it.</summary>
public sealed record MeetFolderItem(
    [property: Description("Relative to the data root: what start-import and import-folders take.")] string DirectoryPath,
    string? MeetId,
    string? MeetName,
    DateOnly? Date,
    int Races,
    [property: Description("Result rows the folder holds (read and rejected while reading).")] int Rows,
    [property: Description("waiting (no job has imported this folder), or the status of the last job that did.")] string Status,
    Guid? LastJobId,
    [property: Description("Why the folder cannot be imported as it is, if it cannot.")] string? Error);

public sealed record MeetFolderList(IReadOnlyList<MeetFolderItem> Folders, [property: Description("More meet folders are below the path than are listed.")] bool Truncated);

/// <summary>The site's "to be processed" list: the meet folders under the data root, each ready for a dry run or an import.</summary>
public static class MeetFolderEndpoints
{
    /// <summary>Folders listed at once: each is read whole (within the reader's limits) to count its races and rows.</summary>
    public const int MaxListed = 100;

    public static RouteGroupBuilder MapMeetFolderEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/import-meet/folders", ListAsync)
            .WithSummary("The meet folders under the data root (or below ?under=), each with its meet, date, races, rows, and the status of the last job that imported it (waiting when none has).")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithExamples(null, (200, new MeetFolderList(
            [
                new MeetFolderItem("to-be-processed/meet_900002_1761716232", "900002", "Riverbend Classic", new DateOnly(2025, 10, 4), 6, 120, "waiting", null, null),
                new MeetFolderItem("meet_900001_1761800217", "900001", "Example Valley Invitational", new DateOnly(2025, 9, 20), 4, 48, "importing_complete",
                    Guid.Parse("b8a9f0d2-1c44-4c1e-8f7e-2d8f7c3b5a10"), null),
            ], false)));
        return admin;
    }

    private static async Task<Ok<MeetFolderList>> ListAsync(string? under, DataRoot dataRoot, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        var below = dataRoot.ResolveDirectory(string.IsNullOrEmpty(under) ? "." : under);
        var folders = FolderSnapshots.MeetFoldersAt(below);
        var listed = folders.Take(MaxListed).Select(f => (Path: dataRoot.Relative(f), Folder: f)).ToList();
        var jobs = await LastJobsAsync(dataSource, listed.Select(f => f.Path).ToList(), ct);
        var items = listed.Select(f =>
        {
            var (status, jobId) = jobs.TryGetValue(f.Path, out var job) ? (job.Status, (Guid?)job.JobId) : ("waiting", null);
            try
            {
                var meet = MeetFolderReader.Read(f.Folder, dataRoot.FullPath);
                return new MeetFolderItem(
                    f.Path, meet.Meet.AthleticNetMeetId, meet.Meet.Name, meet.Meet.Date, meet.Races.Count, meet.Results.Count + meet.Rejected.Count, status, jobId, null);
            }
            catch (MeetFolderException e)
            {
                return new MeetFolderItem(f.Path, null, null, null, 0, 0, status, jobId, e.Message);
            }
        }).ToList();
        return TypedResults.Ok(new MeetFolderList(items, folders.Count > MaxListed));
    }

    private static async Task<Dictionary<string, (Guid JobId, string Status)>> LastJobsAsync(NpgsqlDataSource dataSource, List<string> paths, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT DISTINCT ON (directory_path) directory_path, id, status FROM import_jobs WHERE directory_path = ANY(@paths) ORDER BY directory_path, created_at DESC");
        command.Parameters.AddWithValue("paths", paths.ToArray());
        var jobs = new Dictionary<string, (Guid, string)>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            jobs[reader.GetString(0)] = (reader.GetGuid(1), reader.GetString(2));
        }

        return jobs;
    }
}
