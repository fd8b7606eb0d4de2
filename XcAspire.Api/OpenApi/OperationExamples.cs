using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace XcAspire.Api.OpenApi;

/// <summary>
/// Request and response examples in the OpenAPI document, so the reference shows a filled-in body for
/// each: written with the API's own JSON options, the examples are exactly what the endpoint reads and sends.
/// </summary>
public static class OperationExamples
{
    public static TBuilder WithExamples<TBuilder>(this TBuilder builder, object? request, params (int Status, object Body)[] responses)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddOpenApiOperationTransformer((operation, context, _) =>
        {
            var json = context.ApplicationServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            if (request is not null && operation.RequestBody?.Content is { } body)
            {
                foreach (var media in body.Values)
                {
                    media.Example = JsonSerializer.SerializeToNode(request, request.GetType(), json);
                }
            }

            foreach (var (status, example) in responses)
            {
                if (operation.Responses?.TryGetValue(status.ToString(CultureInfo.InvariantCulture), out var response) == true
                    && response.Content is { } content)
                {
                    foreach (var media in content.Values)
                    {
                        media.Example = JsonSerializer.SerializeToNode(example, example.GetType(), json);
                    }
                }
            }

            return Task.CompletedTask;
        });
}
