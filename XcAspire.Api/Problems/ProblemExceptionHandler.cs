using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Npgsql;
using XcAspire.ServiceDefaults.Database;
using XcAspire.Silo.Grains.Contracts;

namespace XcAspire.Api.Problems;

/// <summary>
/// Turns the exceptions the API expects into RFC 7807 answers a person can act on; anything else is
/// a 500 without internals (the log has the details). A database outage (PostgreSQL restarting) is a
/// 503 to try again, and clears the connection pool so the next request connects afresh.
/// </summary>
public sealed class ProblemExceptionHandler(
    IProblemDetailsService problems, NpgsqlDataSource dataSource, Hosting.OrleansClientConnection orleans, ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var outage = DatabaseOutage.ClearPoolIfOutage(dataSource, exception);
        // No silo reachable: the grain's silo is going away, or the client has not connected yet (it then knows
        // no grain type, and says so with an ArgumentException).
        var silosAway = !outage && (GrainCallFailures.SiloAway(exception)
            || (!orleans.IsConnected && exception is InvalidOperationException or OrleansException or ArgumentException));
        // The endpoint as it was when binding failed (the middleware has cleared the current one).
        var unread = exception is BadHttpRequestException bad
            ? RequestReadProblems.Describe(bad, context.Features.Get<IExceptionHandlerFeature>()?.Endpoint)
            : ((int Status, string Title, string Detail)?)null;
        var (status, title, extensions) = exception switch
        {
            _ when outage => (StatusCodes.Status503ServiceUnavailable, "The database is unavailable; try again shortly", null),
            _ when silosAway => (StatusCodes.Status503ServiceUnavailable, "The silos are unavailable; try again shortly", null),
            ActiveJobConflictException conflict => (StatusCodes.Status409Conflict, "The meet already has an active job",
                new Dictionary<string, object?> { ["jobId"] = conflict.ActiveJobId, ["meetId"] = conflict.MeetId }),
            ActiveSeasonJobConflictException season => (StatusCodes.Status409Conflict, "The season already has an active import",
                new Dictionary<string, object?> { ["seasonJobId"] = season.ActiveSeasonJobId, ["schoolId"] = season.SchoolId, ["seasonYear"] = season.SeasonYear }),
            JobStateException => (StatusCodes.Status409Conflict, "Not possible in the job's current state", null),
            ReviewStateException => (StatusCodes.Status409Conflict, "Not possible in the review item's current state", null),
            SourceProblemException source => (source.StatusCode, source.Title, null),
            KeyNotFoundException => (StatusCodes.Status404NotFound, "Not found", null),
            RequestValidationException => (StatusCodes.Status400BadRequest, "Invalid request", null),
            // A NUL character (or bytes outside UTF-8) in request text: PostgreSQL cannot store or compare it.
            PostgresException { SqlState: PostgresErrorCodes.CharacterNotInRepertoire or PostgresErrorCodes.UntranslatableCharacter } =>
                (StatusCodes.Status400BadRequest, "Text that cannot be stored", null),
            // Unreadable JSON, a missing body, a query value of the wrong kind: described without C# names.
            _ when unread is { } read => (read.Status, read.Title, null),
            _ => (StatusCodes.Status500InternalServerError, "Unexpected error", (Dictionary<string, object?>?)null),
        };

        if (status == StatusCodes.Status500InternalServerError)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
        }
        else if (outage || silosAway)
        {
            logger.LogWarning("Database or silos unavailable on {Method} {Path}: {Message}", context.Request.Method, context.Request.Path, exception.Message);
            context.Response.Headers.RetryAfter = "2";
        }

        context.Response.StatusCode = status;
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = status == StatusCodes.Status500InternalServerError ? "The server could not complete the request; the service log has the details."
                : outage ? "PostgreSQL could not be reached (restarting or down); send the request again."
                : silosAway ? "No silo answered (starting, restarting or down); send the request again."
                : exception is PostgresException ? "The request holds text with a NUL character or bytes that are not UTF-8."
                : unread is { } unreadable ? unreadable.Detail
                : exception.Message,
            Instance = context.Request.Path,
        };
        foreach (var (key, value) in extensions ?? [])
        {
            problem.Extensions[key] = value;
        }

        problem.Extensions["traceId"] = context.Features.Get<IHttpActivityFeature>()?.Activity.TraceId.ToString() ?? context.TraceIdentifier;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }
}

/// <summary>A review item already resolved, or one that cannot be resolved the way asked (409).</summary>
public sealed class ReviewStateException(string message) : Exception(message);

/// <summary>A request whose content is wrong in a way the caller can fix (answered 400 with the reason).</summary>
public sealed class RequestValidationException(string message) : Exception(message);
