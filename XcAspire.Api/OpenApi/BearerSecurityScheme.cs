using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace XcAspire.Api.OpenApi;

/// <summary>
/// Declares the admin token in the OpenAPI document: an HTTP bearer scheme, required by every
/// operation. Without it the Scalar reference has nowhere to enter the token and its test calls
/// answer 401.
/// </summary>
public sealed class BearerSecurityScheme : IOpenApiDocumentTransformer
{
    public const string Name = "AdminToken";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Name] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "The admin token (XC_ADMIN_TOKEN; ./xc run prints it), sent as 'Authorization: Bearer <token>'.",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Name, document)] = [] });
        return Task.CompletedTask;
    }
}
