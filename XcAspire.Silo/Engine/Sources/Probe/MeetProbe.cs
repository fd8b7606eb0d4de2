using System.Globalization;
using System.Text.Json;
using XcAspire.Silo.MeetData;
using XcAspire.Silo.Sources.AthleticNet;

namespace XcAspire.Silo.Sources.Probe;

/// <summary>
/// Fetches one meet through the client and prints what it read, writing nothing anywhere: races, rows
/// per race by status, rejected rows with reasons, and fields or keys this client does not know. It lets a
/// person confirm on their own machine that the live API still has the documented shapes.
/// </summary>
public sealed class MeetProbe(AthleticNetClient client, TextWriter output)
{
    private static readonly HashSet<string> KnownMeetDataKeys =
    [
        "addOns", "contactInfoExists", "coverRsUrl", "eventDivsWithResults", "hasSchedule", "hostIsSS", "jwtMeet", "meet",
        "meetRecordSetInfo", "printEntriesToken", "sport", "sport1", "sport2", "teamScores", "tfDivisions", "timer", "xcDivisions",
    ];

    private static readonly HashSet<string> KnownAllResultsKeys =
    [
        "flatEvents", "results", "teamScores", "teams", "eventTypes", "relayLegs", "rounds", "eventDivsWithResults",
        "correctedResultIDs", "groupedEventsParents", "canValidateResults",
    ];

    /// <summary>Returns the number of rows read (results and rejected).</summary>
    public async Task<int> RunAsync(string meetId, CancellationToken ct)
    {
        output.WriteLine($"Source: {client.BaseUrl}");
        var meetUrl = client.AbsoluteUrl(AthleticNetPaths.MeetData(meetId));
        var meetBody = await client.GetMeetDataAsync(meetId, ct);
        var meetData = MeetDataReader.Read(meetId, meetBody, meetUrl);
        var metadata = meetData.Metadata;
        output.WriteLine($"Meet {meetId}: {metadata.Meet.Name}, {metadata.Meet.Date:yyyy-MM-dd}, season {metadata.Meet.SeasonYear}");
        output.WriteLine(metadata.Venue is { } venue ? $"Venue: {venue.Name}, {venue.City}, {venue.State}" : "Venue: none given");
        output.WriteLine($"Token (jwtMeet): {(meetData.Token is null ? "MISSING" : $"{meetData.Token.Length} characters")}");
        ReportUnknownKeys("GetMeetData", meetBody, KnownMeetDataKeys);
        foreach (var warning in metadata.Warnings)
        {
            output.WriteLine($"  warning: {warning}");
        }

        if (metadata.Races.Count == 0)
        {
            throw new NoRacesFoundException(meetId, metadata.Meet.Name);
        }

        var allUrl = client.AbsoluteUrl(AthleticNetPaths.AllResults(meetId));
        var allBody = await client.GetAllResultsDataAsync(meetId, meetData.Token ?? string.Empty, ct);
        var shape = allBody.Contains("\"flatEvents\"", StringComparison.Ordinal) ? "flatEvents" : "legacy flat results";
        output.WriteLine($"GetAllResultsData: {allBody.Length:N0} characters, shape {shape}");
        ReportUnknownKeys("GetAllResultsData", allBody, KnownAllResultsKeys);
        var wholeMeet = ResultsReader.ReadWholeMeet(allBody, allUrl);

        var total = 0;
        output.WriteLine($"{metadata.Races.Count} races:");
        foreach (var race in metadata.Races)
        {
            RaceResultSet set;
            var origin = "whole meet";
            if (!wholeMeet.TryGetValue(race.AthleticNetRaceId, out set!) || set.Results.Count + set.Rejected.Count == 0)
            {
                var url = client.AbsoluteUrl(AthleticNetPaths.ResultsData3);
                set = ResultsReader.ReadRace(race.AthleticNetRaceId, await client.GetResultsData3Async(race.AthleticNetRaceId, meetData.Token ?? string.Empty, ct), url);
                origin = "GetResultsData3";
            }

            total += set.Results.Count + set.Rejected.Count;
            PrintRace(race, set, origin);
        }

        if (wholeMeet.TryGetValue(string.Empty, out var orphans))
        {
            output.WriteLine($"  {orphans.Rejected.Count} rows name no race (RaceDivisionID)");
            total += orphans.Rejected.Count;
        }

        output.WriteLine($"Total rows read: {total:N0}. Nothing was written.");
        return total;
    }

    private void PrintRace(RaceRecord race, RaceResultSet set, string origin)
    {
        var statuses = set.Results.GroupBy(r => r.Status).OrderBy(g => g.Key)
            .Select(g => $"{g.Key} {g.Count()}");
        var unknownGrade = set.Results.Count(r => r.Grade is null);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {race.AthleticNetRaceId} {race.Title} [{race.Gender}, {race.DistanceMeters} m, {race.RaceType}] ({origin}): " +
            $"{set.Results.Count} rows ({string.Join(", ", statuses)}), {set.Rejected.Count} rejected, {unknownGrade} without grade"));
        foreach (var rejected in set.Rejected.Take(5))
        {
            output.WriteLine($"    rejected line {rejected.Source.Line}: {rejected.Reason}");
        }

        if (set.UnrecognisedFields.Count > 0)
        {
            output.WriteLine($"    unrecognised row fields: {string.Join(", ", set.UnrecognisedFields.Order(StringComparer.Ordinal))}");
        }
    }

    private void ReportUnknownKeys(string call, string body, HashSet<string> known)
    {
        using var document = JsonDocument.Parse(body);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var unknown = document.RootElement.EnumerateObject().Select(p => p.Name).Where(n => !known.Contains(n)).ToList();
        if (unknown.Count > 0)
        {
            output.WriteLine($"  {call}: unrecognised top-level keys: {string.Join(", ", unknown)}");
        }
    }
}
