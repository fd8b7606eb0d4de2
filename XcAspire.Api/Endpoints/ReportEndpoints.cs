using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using XcAspire.Api.Data;
using XcAspire.Silo.Import.Reports;

namespace XcAspire.Api.Endpoints;

/// <summary>What an import found: the reconciliation report and the rows a person may need to look at.</summary>
public static class ReportEndpoints
{
    public static RouteGroupBuilder MapReportEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/jobs/{jobId}/reconciliation", GetReconciliationAsync)
            .WithSummary("The job's reconciliation both ways on (athlete name, race id, time): each category with its count and items. 404 until the meet-level step has run.");
        admin.MapGet("/jobs/{jobId}/outcomes", GetOutcomesAsync)
            .WithSummary("Row outcomes per race, and every rejected, updated or flagged row with its source file, line and reason.");
        return admin;
    }

    private static async Task<Ok<ReconciliationReport>> GetReconciliationAsync(
        string jobId, Jobs jobs, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        var job = await jobs.RequireAsync(Ids.JobId(jobId), ct);
        return TypedResults.Ok(await ImportReports.GetReconciliationAsync(dataSource, job.JobId, ct)
            ?? throw new KeyNotFoundException($"Job {job.JobId} has no reconciliation yet: it is made when the job's last race has been imported."));
    }

    private static async Task<Ok<OutcomesResponse>> GetOutcomesAsync(
        string jobId, Jobs jobs, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        var job = await jobs.RequireAsync(Ids.JobId(jobId), ct);
        var races = await ImportReports.GetRaceCountsAsync(dataSource, job.JobId, ct);
        var rows = await ImportReports.GetOutcomesAsync(dataSource, job.JobId, ct);
        return TypedResults.Ok(new OutcomesResponse(job.JobId, JobStatusResponse.From(job).Results, races, rows));
    }
}

public sealed record OutcomesResponse(
    Guid JobId, ResultOutcomeCounts Results, IReadOnlyList<RaceOutcomeCounts> Races, IReadOnlyList<RowOutcomeItem> Rows);
