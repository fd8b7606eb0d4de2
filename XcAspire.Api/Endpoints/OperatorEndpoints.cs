using Microsoft.AspNetCore.Http.HttpResults;
using XcAspire.Silo.Grains.Contracts;
using XcAspire.Silo.Grains.Storage;

namespace XcAspire.Api.Endpoints;

/// <summary>What an operator inspects: a meet's grain state with every race, and the silos.</summary>
public static class OperatorEndpoints
{
    public static RouteGroupBuilder MapOperatorEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/meets/{meetId}/grain", GetMeetGrainAsync)
            .WithSummary("The MeetGrain's state and every RaceGrain: phase, attempts, lease holder and expiry, timings, counts, errors.");
        admin.MapGet("/silos", async (GrainQueries queries, CancellationToken ct) => TypedResults.Ok(await queries.GetSilosAsync(ct)))
            .WithSummary("The silos: id, host, pid, started, last heartbeat, status, leases held.");
        return admin;
    }

    private static async Task<Ok<MeetGrainView>> GetMeetGrainAsync(string meetId, IGrainFactory grains, CancellationToken ct)
    {
        var meet = grains.GetMeetGrain(Ids.MeetId(meetId));
        var state = await meet.GetStateAsync(ct) ?? throw new KeyNotFoundException($"Meet {meetId} has never had an import job.");
        return TypedResults.Ok(new MeetGrainView(state, await meet.GetRacesAsync(ct)));
    }
}

public sealed record MeetGrainView(MeetGrainState Meet, IReadOnlyList<RaceGrainState> Races);
