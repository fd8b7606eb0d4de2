using Microsoft.AspNetCore.Http.HttpResults;
using XcAspire.Silo.Grains.Contracts;

namespace XcAspire.Api.Endpoints;

/// <summary>What an operator inspects: a meet's grain state with every race, and the silos of the cluster.</summary>
public static class OperatorEndpoints
{
    public static RouteGroupBuilder MapOperatorEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/meets/{meetId}/grain", GetMeetGrainAsync)
            .WithSummary("The MeetGrain's current job and every RaceGrain: phase, next step and when, attempts, the silo that ran it and the one holding it now, timings, counts, errors.");
        admin.MapGet("/silos", GetSilosAsync)
            .WithSummary("The silos in Orleans' membership table: address, name, host, status (active, joining, shutting_down, dead…), start and last heartbeat, and grain activations on each.");
        return admin;
    }

    private static async Task<Ok<MeetGrainView>> GetMeetGrainAsync(string meetId, IGrainFactory grains)
    {
        var meet = grains.GetMeetGrain(Ids.MeetId(meetId));
        var state = await meet.GetStateAsync() ?? throw new KeyNotFoundException($"Meet {meetId} has never had an import job.");
        return TypedResults.Ok(new MeetGrainView(state, await meet.GetRacesAsync(state.JobId)));
    }

    private static async Task<Ok<IReadOnlyList<SiloInfo>>> GetSilosAsync(IGrainFactory grains)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        var hosts = await management.GetDetailedHosts(onlyActive: false);
        var activations = (await management.GetSimpleGrainStatistics())
            .GroupBy(s => s.SiloAddress)
            .ToDictionary(g => g.Key, g => g.Sum(s => s.ActivationCount));
        return TypedResults.Ok<IReadOnlyList<SiloInfo>>(hosts
            .OrderBy(h => h.Status != SiloStatus.Active)
            .ThenByDescending(h => h.StartTime)
            .Select(h => new SiloInfo(
                h.SiloAddress.ToParsableString(),
                h.SiloName,
                h.HostName,
                SnakeCase(h.Status.ToString()),
                new DateTimeOffset(h.StartTime, TimeSpan.Zero),
                new DateTimeOffset(h.IAmAliveTime, TimeSpan.Zero),
                activations.GetValueOrDefault(h.SiloAddress)))
            .ToList());
    }

    private static string SnakeCase(string name) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
}

public sealed record MeetGrainView(MeetGrainState Meet, IReadOnlyList<RaceGrainState> Races);

/// <summary>One silo as Orleans' membership knows it.</summary>
public sealed record SiloInfo(
    string Address, string Name, string Host, string Status, DateTimeOffset StartedAt, DateTimeOffset LastAliveAt, int Activations);
