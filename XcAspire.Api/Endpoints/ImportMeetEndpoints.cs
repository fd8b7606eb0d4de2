using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using XcAspire.Api.Data;
using XcAspire.Api.Paths;
using XcAspire.Api.Problems;
using XcAspire.Silo.Grains.Contracts;
using XcAspire.Silo.Staging;
using XcAspire.Silo.Import;
using XcAspire.Silo.Sources;

namespace XcAspire.Api.Endpoints;

/// <summary>The seed's import-meet endpoints: fetch-metadata, start-scrape, start-import, import-folders.</summary>
public static class ImportMeetEndpoints
{
    public static RouteGroupBuilder MapImportMeetEndpoints(this RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/import-meet");
        group.MapPost("/fetch-metadata", FetchMetadataAsync)
            .WithSummary("Reads a meet's metadata from the source: meet, venue, races, and venue/course matches already in the database.");
        group.MapPost("/start-scrape", StartScrapeAsync)
            .WithSummary("Starts a job that scrapes every race of the meet (and imports it when autoImport is true). 409 with the active jobId when the meet already has an active job.");
        group.MapPost("/start-import", StartImportAsync)
            .WithSummary("Imports what a job scraped ({jobId}) or a CSV meet folder under the data root ({directoryPath}); dryRun returns the outcomes and reconciliation without committing.");
        group.MapPost("/import-folders", ImportFoldersAsync)
            .WithSummary("One import job per meet folder: the listed directoryPaths, or every meet folder below `under`.");
        return admin;
    }

    private static async Task<Ok<MetadataResponse>> FetchMetadataAsync(
        FetchMetadataRequest request, MeetScraper scraper, VenueCourseStore venues, CancellationToken ct)
    {
        var meetId = Ids.MeetId(request.MeetId);
        var metadata = await SourceCalls.RunAsync(() => scraper.FetchMetadataAsync(meetId, ct));
        return TypedResults.Ok(await MetadataSuggestions.BuildAsync(metadata, venues, ct));
    }

    private static async Task<Ok<StartScrapeResponse>> StartScrapeAsync(
        StartScrapeBody body, MeetScraper scraper, IGrainFactory grains, TimeProvider clock, CancellationToken ct)
    {
        var meetId = Ids.MeetId(body.MeetId);
        var choices = ScrapeChoices.From(body.Metadata);
        var metadata = await SourceCalls.RunAsync(() => scraper.FetchMetadataAsync(meetId, ct));
        var directoryPath = $"meet_{meetId}_{clock.GetUtcNow().ToUnixTimeSeconds()}";
        var races = metadata.Races.Select(r => new RaceToRun(r.AthleticNetRaceId, r.Title)).ToList();
        var started = await grains.GetMeetGrain(meetId).StartScrapeAsync(
            new StartScrapeRequest(races, body.AutoImport ?? false, directoryPath, choices));
        return TypedResults.Ok(new StartScrapeResponse(started.JobId, started.Status, directoryPath));
    }

    private static async Task<Results<Ok<StartImportResponse>, Ok<DryRunResponse>>> StartImportAsync(
        StartImportBody body, Jobs jobs, FolderJobs folderJobs, DataRoot dataRoot, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        if (body.JobId is not null == body.DirectoryPath is not null)
        {
            throw new RequestValidationException("Send either jobId (import what a job scraped) or directoryPath (import a meet folder), not both.");
        }

        if (body.JobId is { } jobText)
        {
            var job = await jobs.RequireAsync(Ids.JobId(jobText), ct);
            if (body.DryRun == true)
            {
                var staged = await StagedRows.LoadJobAsync(dataSource, job.JobId, ct)
                    ?? throw new JobStateException($"Job {job.JobId} has no scraped rows yet.");
                var chosen = await JobChoices.ApplyAsync(dataSource, job.JobId, staged, ct);
                return TypedResults.Ok(DryRunResponse.From(job.MeetId, await new MeetImporter(dataSource).ImportAsync(chosen, null, dryRun: true, ct)));
            }

            var started = await jobs.MeetOf(job).StartImportAsync(job.JobId);
            return TypedResults.Ok(new StartImportResponse(started.JobId, started.Status, job.MeetId));
        }

        var folder = dataRoot.ResolveDirectory(body.DirectoryPath);
        var snapshot = await FolderSnapshots.ReadAsync(folder, dataRoot, dataSource, ct);
        if (body.DryRun == true)
        {
            return TypedResults.Ok(DryRunResponse.From(
                snapshot.Meet.AthleticNetMeetId, await new MeetImporter(dataSource).ImportAsync(snapshot, null, dryRun: true, ct)));
        }

        _ = Ids.MeetId(snapshot.Meet.AthleticNetMeetId);
        var job2 = await folderJobs.StartAsync(snapshot, dataRoot.Relative(folder), ct);
        return TypedResults.Ok(new StartImportResponse(job2.JobId, job2.Status, snapshot.Meet.AthleticNetMeetId));
    }

    private static async Task<Ok<ImportFoldersResponse>> ImportFoldersAsync(
        ImportFoldersBody body, FolderJobs folderJobs, DataRoot dataRoot, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        // A path out of the data root refuses the whole request (400): that is a request to fix, not a
        // folder to report. A folder that is missing or cannot be imported is reported, and the others go on.
        IReadOnlyList<(string Shown, string? Folder, string? Missing)> folders = (body.DirectoryPaths, body.Under) switch
        {
            ({ Count: > 0 } paths, null) => paths.Select(path => Locate(dataRoot, path)).ToList(),
            (null or { Count: 0 }, { } under) => FolderSnapshots.MeetFoldersBelow(dataRoot.ResolveDirectory(under))
                .Select(f => (dataRoot.Relative(f), (string?)f, (string?)null)).ToList(),
            _ => throw new RequestValidationException("Send either directoryPaths (a non-empty list) or under (a folder below the data root)."),
        };

        var outcomes = new List<FolderJob>();
        foreach (var (shown, folder, missing) in folders)
        {
            if (folder is null)
            {
                outcomes.Add(new FolderJob(shown, null, null, null, missing));
                continue;
            }

            try
            {
                var snapshot = await FolderSnapshots.ReadAsync(folder, dataRoot, dataSource, ct);
                _ = Ids.MeetId(snapshot.Meet.AthleticNetMeetId);
                var started = await folderJobs.StartAsync(snapshot, shown, ct);
                outcomes.Add(new FolderJob(shown, snapshot.Meet.AthleticNetMeetId, started.JobId, started.Status, null));
            }
            catch (Exception e) when (e is RequestValidationException or ActiveJobConflictException or JobStateException)
            {
                // One bad folder in a backlog must not stop the others: it is reported with its reason.
                outcomes.Add(new FolderJob(shown, null, (e as ActiveJobConflictException)?.ActiveJobId, null, e.Message));
            }
        }

        return TypedResults.Ok(new ImportFoldersResponse(outcomes));
    }

    /// <summary>A listed folder: resolved inside the data root, or missing (reported as that folder's problem).</summary>
    private static (string Shown, string? Folder, string? Missing) Locate(DataRoot dataRoot, string path)
    {
        try
        {
            var folder = dataRoot.ResolveDirectory(path);
            return (dataRoot.Relative(folder), folder, null);
        }
        catch (KeyNotFoundException e)
        {
            return (path, null, e.Message);
        }
    }
}
