namespace XcAspire.Api.Hosting;

/// <summary>
/// Refuses a declared body over the limit before anything reads it (Kestrel also enforces the limit
/// on bodies of unknown length as they stream in).
/// </summary>
public sealed class BodySizeLimitMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context) =>
        context.Request.ContentLength > AdminApiExtensions.MaxRequestBodyBytes
            ? Results.Problem(
                statusCode: StatusCodes.Status413PayloadTooLarge,
                title: "Request body too large",
                detail: $"Request bodies are limited to {AdminApiExtensions.MaxRequestBodyBytes / 1024} KiB.").ExecuteAsync(context)
            : next(context);
}
