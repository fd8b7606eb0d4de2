using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using XcAspire.AppHost.Resources;

namespace XcAspire.AppHost.Dashboard;

/// <summary>Console lines after a sequence number, and the number to ask from next time.</summary>
internal sealed record ConsoleResponse(string Resource, long Last, IReadOnlyList<ConsoleEntry> Lines);

internal sealed record ConsoleEntry(long Seq, DateTimeOffset Time, bool IsError, string Text);

internal sealed record ResourcesResponse(IReadOnlyList<ResourceSnapshot> Resources, DashboardLinks Links);

/// <summary>/api/resources: the resource list, their console output, and start/stop/restart.</summary>
internal static class ResourceEndpoints
{
    // A custom header a cross-site form cannot send: keeps other web pages from pressing the buttons.
    public const string ControlHeader = "X-Xc-Dashboard";

    public static void MapResourceEndpoints(this WebApplication app)
    {
        var group = app.MapGroup("/api/resources");
        group.MapGet("/", ListResources);
        group.MapGet("/{name}/console", GetConsole);
        group.MapPost("/{name}/{action}", ControlAsync);
    }

    private static Ok<ResourcesResponse> ListResources(DashboardState state) =>
        TypedResults.Ok(new ResourcesResponse(state.Resources.All.Select(r => r.Snapshot()).ToList(), state.Links));

    private static Results<Ok<ConsoleResponse>, NotFound> GetConsole(string name, DashboardState state, long? after)
    {
        var resource = state.Resources.Find(name);
        if (resource is null)
        {
            return TypedResults.NotFound();
        }

        var (items, last) = resource.Console.After(after ?? -1, max: 2000);
        var lines = items.Select(i => new ConsoleEntry(i.Seq, i.Item.Time, i.Item.IsError, i.Item.Text)).ToList();
        return TypedResults.Ok(new ConsoleResponse(name, last, lines));
    }

    private static async Task<Results<Ok<ResourceSnapshot>, NotFound, BadRequest<string>>> ControlAsync(
        string name, string action, DashboardState state, HttpRequest request)
    {
        if (!request.Headers.ContainsKey(ControlHeader))
        {
            return TypedResults.BadRequest($"Send the {ControlHeader} header to control a resource.");
        }

        if (state.Resources.Find(name) is not ServiceProcess service)
        {
            return TypedResults.NotFound();
        }

        return await state.Resources.ControlAsync(service, action)
            ? TypedResults.Ok(service.Snapshot())
            : TypedResults.BadRequest($"Unknown action '{action}': use start, stop or restart.");
    }
}
