namespace XcAspire.Silo.Sources.Sample;

/// <summary>Latency and the fault plan, applied before (or, for a cut-off body, around) the real answer.</summary>
internal static class SampleFaultMiddleware
{
    private const string ChallengePage =
        """
        <!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title></head>
        <body><div id="challenge-running">Checking if the site connection is secure</div>
        <script src="/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1"></script></body></html>
        """;

    public static async Task InvokeAsync(HttpContext context, RequestDelegate next, SampleFaultPlan? plan, SampleRequestLog log)
    {
        if (context.Request.Path == SampleSource.HealthPath)
        {
            // The host's check that the server is up, not a call to the source: no latency, no faults, not logged.
            await next(context);
            return;
        }

        var started = DateTimeOffset.UtcNow;
        var path = context.Request.Path + context.Request.QueryString;
        var rule = plan?.Decide(path);
        try
        {
            if (plan?.Latency is { } latency && latency > TimeSpan.Zero)
            {
                await Task.Delay(latency, context.RequestAborted);
            }

            switch (rule?.Fault)
            {
                case null:
                    await next(context);
                    break;
                case SampleFault.TooManyRequests:
                    context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                    context.Response.Headers.RetryAfter = rule.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    await WriteAsync(context, "application/json", """{"message":"Too many requests"}""");
                    break;
                case SampleFault.ServerError:
                    context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                    await WriteAsync(context, "application/json", """{"message":"An error has occurred."}""");
                    break;
                case SampleFault.Timeout:
                    // Hold the call until the client gives up (or the server stops).
                    await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted);
                    break;
                case SampleFault.TruncatedBody:
                    await WriteTruncatedAsync(context, next);
                    break;
                case SampleFault.Challenge:
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    context.Response.Headers.Server = "cloudflare";
                    await WriteAsync(context, "text/html; charset=UTF-8", ChallengePage);
                    break;
                case SampleFault.WrongJson:
                    await WriteAsync(context, "application/json", """{"unexpected":{"shape":true},"items":[1,2,3]}""");
                    break;
                case SampleFault.HtmlPage:
                    await WriteAsync(context, "text/html; charset=utf-8",
                        "<!DOCTYPE html><html><head><title>Athletic.net</title></head><body><div id=\"app\"></div></body></html>");
                    break;
                case SampleFault.EmptyBody:
                    context.Response.ContentType = "application/json";
                    context.Response.ContentLength = 0;
                    break;
                case SampleFault.HugeBody:
                    await WriteEndlessAsync(context);
                    break;
                case SampleFault.TokenRejected:
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    await WriteAsync(context, "application/json", """{"message":"Invalid token"}""");
                    break;
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away (its timeout): nothing to answer.
        }
        finally
        {
            log.Add(new SampleRequest(context.Request.Method, path, started, DateTimeOffset.UtcNow, context.Response.StatusCode, rule?.Fault));
        }
    }

    private static async Task WriteAsync(HttpContext context, string contentType, string body)
    {
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>A results array that goes on for 1 GiB, chunked: only a reader's own limit ends it sooner.</summary>
    private static async Task WriteEndlessAsync(HttpContext context)
    {
        context.Response.ContentType = "application/json";
        var row = System.Text.Encoding.UTF8.GetBytes(new string(' ', 1000) + """{"AthleteName":"Runner Endless","Result":"17:00.0"},""");
        await context.Response.Body.WriteAsync("""{"results":["""u8.ToArray(), context.RequestAborted);
        for (long written = 0; written < 1L << 30; written += row.Length)
        {
            await context.Response.Body.WriteAsync(row, context.RequestAborted);
        }
    }

    /// <summary>The real answer's headers with its full length, half its bytes, then the connection dropped.</summary>
    private static async Task WriteTruncatedAsync(HttpContext context, RequestDelegate next)
    {
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        await next(context);
        context.Response.Body = original;
        var bytes = buffer.ToArray();
        context.Response.ContentLength = bytes.Length;
        await original.WriteAsync(bytes.AsMemory(0, bytes.Length / 2), context.RequestAborted);
        await original.FlushAsync(context.RequestAborted);
        context.Abort();
    }
}
