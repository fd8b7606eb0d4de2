using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using XcAspire.Api.Data;
using XcAspire.Api.OpenApi;
using XcAspire.Api.Problems;
using XcAspire.Silo.Grains.Contracts;
using XcAspire.Silo.Import;
using XcAspire.Silo.Sources;
using XcAspire.Silo.Sources.AthleticNet;

namespace XcAspire.Api.Endpoints;

/// <summary>School-season imports: preview a school's meets of a season, import them as one season job, follow it.</summary>
public static class SeasonEndpoints
{
    public static RouteGroupBuilder MapSeasonEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapPost("/season-preview", PreviewAsync)
            .WithSummary("Lists a school's meets of a season from the source: for each, whether results are posted, whether the database already holds it, its active job, and what import-season would do.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithExamples(SeasonExamples.PreviewRequest, (200, SeasonExamples.Preview), (404, SeasonExamples.UnknownSchool));
        admin.MapPost("/import-season", ImportAsync)
            // A short summary: the reference lists operations by it; the description says what happens.
            .WithSummary("Import a school's season")
            .WithDescription("Starts a season job (202 at once): the SeasonGrain lists the meets, then imports each meet with results as a meet job, skipping meets already imported (unless reimport) and joining a meet's active job. 409 with the active seasonJobId when the season is already being imported.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithExamples(SeasonExamples.ImportRequest, (202, SeasonExamples.Accepted), (409, SeasonExamples.Conflict));
        admin.MapGet("/seasons", ListAsync)
            .WithSummary("Season jobs, newest first; filter with ?status=.");
        admin.MapGet("/seasons/{seasonJobId}", GetAsync)
            .WithSummary("A season job's state: status, its meets by state (each with its job and that job's counts), the rows imported and the errors.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithExamples(null, (200, SeasonExamples.Status));
        admin.MapGet("/seasons/{seasonJobId}/stream", Stream)
            .WithSummary("The same state as server-sent events, one event per change, until the season ends.");
        admin.MapPost("/seasons/{seasonJobId}/cancel", CancelAsync)
            .WithSummary("Cancels an active season: meets not started are cancelled, the meet jobs it started are cancelled, meet jobs it joined run on.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        return admin;
    }

    private static async Task<Ok<SeasonPreviewResponse>> PreviewAsync(
        SeasonPreviewRequest body, SeasonDiscovery discovery, SeasonReadModel readModel, NpgsqlDataSource dataSource, TimeProvider clock, CancellationToken ct)
    {
        var (schoolId, year) = SeasonInput.Season(body.SchoolId, body.SeasonYear, clock);
        var season = await SourceCalls.RunAsync(() => discovery.DiscoverAsync(schoolId, year, seasonJobId: null, ct));
        var withResults = season.Meets.Where(m => m.HasResults).Select(m => m.MeetId).ToList();
        var imported = await ImportedMeets.WithResultsAsync(dataSource, withResults, ct);
        var active = await readModel.ActiveJobsAsync(withResults, ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var meets = season.Meets.Select(m =>
        {
            var upcoming = !m.HasResults && m.Date > today;
            Guid? activeJob = active.TryGetValue(m.MeetId, out var id) ? id : null;
            var plan = !m.HasResults ? (upcoming ? "skip_upcoming" : "skip_no_results")
                : activeJob is not null ? "join_active_job"
                : imported.Contains(m.MeetId) ? "skip_already_imported"
                : "import";
            return new SeasonPreviewMeet(m.MeetId, m.Name, m.Date, m.HasResults, upcoming, imported.Contains(m.MeetId), activeJob, plan);
        }).ToList();
        return TypedResults.Ok(new SeasonPreviewResponse(
            schoolId, year, season.TeamName, discovery.PageUrl(AthleticNetPaths.TeamSeasonPage(schoolId, year)),
            meets, SchoolSeason.MaxMeets, season.Warnings));
    }

    private static async Task<Accepted<SeasonJobAccepted>> ImportAsync(ImportSeasonRequest body, IGrainFactory grains, TimeProvider clock)
    {
        var (schoolId, year) = SeasonInput.Season(body.SchoolId, body.SeasonYear, clock);
        var meetIds = SeasonInput.MeetIds(body.MeetIds);
        var started = await grains.GetSeasonGrain(schoolId, year).StartAsync(new StartSeasonRequest(Guid.NewGuid(), meetIds, body.Reimport ?? false));
        var url = $"/api/admin/seasons/{started.SeasonJobId}";
        return TypedResults.Accepted(url, new SeasonJobAccepted(started.SeasonJobId, started.Status.Name(), schoolId, year, url, url + "/stream"));
    }

    private static async Task<Ok<IReadOnlyList<SeasonStatusResponse>>> ListAsync(string? status, int? limit, SeasonReadModel readModel, CancellationToken ct)
    {
        SeasonStatus? filter = null;
        if (!string.IsNullOrEmpty(status))
        {
            filter = Enum.GetValues<SeasonStatus>().Cast<SeasonStatus?>().FirstOrDefault(s => s!.Value.Name() == status)
                ?? throw new RequestValidationException(
                    $"Unknown status '{status}'; one of: {string.Join(", ", Enum.GetValues<SeasonStatus>().Select(s => s.Name()))}.");
        }

        var list = await readModel.ListAsync(filter, Math.Clamp(limit ?? 50, 1, 500), ct);
        return TypedResults.Ok<IReadOnlyList<SeasonStatusResponse>>(list.Select(SeasonStatusResponse.From).ToList());
    }

    private static async Task<Ok<SeasonStatusResponse>> GetAsync(string seasonJobId, Seasons seasons, CancellationToken ct) =>
        TypedResults.Ok(SeasonStatusResponse.From(await seasons.RequireAsync(Ids.Uuid(seasonJobId, "seasonJobId"), ct)));

    private static ServerSentEventsResult<SeasonStatusResponse> Stream(string seasonJobId, Seasons seasons, CancellationToken ct) =>
        TypedResults.ServerSentEvents(EventsAsync(Ids.Uuid(seasonJobId, "seasonJobId"), seasons, ct), eventType: "season");

    private static async IAsyncEnumerable<SeasonStatusResponse> EventsAsync(Guid seasonJobId, Seasons seasons, [EnumeratorCancellation] CancellationToken ct)
    {
        long version = -1;
        while (!ct.IsCancellationRequested)
        {
            var season = await seasons.RequireAsync(seasonJobId, ct);
            if (season.Version != version)
            {
                version = season.Version;
                yield return SeasonStatusResponse.From(season);
            }

            if (!season.Status.IsActive())
            {
                yield break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        }
    }

    private static async Task<Ok<SeasonStatusResponse>> CancelAsync(string seasonJobId, Seasons seasons, CancellationToken ct)
    {
        var season = await seasons.RequireAsync(Ids.Uuid(seasonJobId, "seasonJobId"), ct);
        return TypedResults.Ok(SeasonStatusResponse.From(await seasons.GrainOf(season).CancelAsync(season.SeasonJobId)));
    }
}
