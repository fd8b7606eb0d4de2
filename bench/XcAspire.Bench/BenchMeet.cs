using System.Diagnostics;
using System.Globalization;
using Npgsql;
using XcAspire.Silo.Grains.Contracts;
using XcAspire.Silo.Import;
using XcAspire.Silo.Import.Csv;
using XcAspire.Silo.MeetData;
using XcAspire.Silo.Sample;

namespace XcAspire.Bench;

/// <summary>A benchmark meet written as a folder: its id, races and generated rows (finishers and non-finishers).</summary>
public sealed record BenchMeetFolder(string MeetId, int Races, int Rows);

/// <summary>The timed part of an engine import: the folder as read, what the import did, and how long both took.</summary>
public sealed record EngineImport(MeetSnapshot Meet, MeetImportResult Result, TimeSpan Elapsed)
{
    /// <summary>Every row read ended in one of the four outcomes, and the import read every row of the folder.</summary>
    public bool AddsUp => BenchMeet.AddsUp(Result.Counts) && Result.Counts.Read == Meet.Results.Count + Meet.Rejected.Count;
}

/// <summary>
/// The meets ./xc bench imports, one per size, and the engine's timed import of one. Every benchmark
/// that compares with the engine figures (the in-process import, the same meet through silos)
/// generates its meet here, so both import exactly the same rows.
/// </summary>
public static class BenchMeet
{
    public static int RaceCount(int size) => Math.Clamp(size / 250, 4, 84);

    public static MeetGeneratorOptions Options(int size) => new()
    {
        Seed = size,
        MeetId = (800000 + (size / 1000)).ToString(CultureInfo.InvariantCulture),
        RaceCount = RaceCount(size),
        TotalResults = size,
        SchoolCount = Math.Clamp(size / 40, 20, 500),
        WholeSeconds = size % 2 == 0,
        DamagedNameCount = 3,
    };

    /// <summary>Generates the meet of <paramref name="size"/> results and writes it as split, spreadsheet-damaged files.</summary>
    public static BenchMeetFolder WriteFolder(int size, string folder)
    {
        var written = GenerateAndWrite(size, folder);

        // The generated meet is setup and out of scope now: collect it, so the timed import's peak memory is its own.
        GC.Collect();
        return written;
    }

    /// <summary>Read + import + meet-level step of one folder through the engine in this process, timed end to end.</summary>
    public static async Task<EngineImport> ImportAsync(NpgsqlDataSource dataSource, string folder)
    {
        var watch = Stopwatch.StartNew();
        var meet = MeetFolderReader.Read(folder);
        var result = await new MeetImporter(dataSource).ImportAsync(meet, null, dryRun: false, CancellationToken.None);
        return new EngineImport(meet, result, watch.Elapsed);
    }

    private static BenchMeetFolder GenerateAndWrite(int size, string folder)
    {
        var generated = MeetGenerator.Generate(Options(size));
        MeetFolderWriter.Write(generated, folder, MeetFolderLayout.SplitResults, spreadsheetDamage: true);
        return new BenchMeetFolder(generated.Meet.AthleticNetMeetId, generated.Races.Count, generated.Results.Count);
    }

    public static bool AddsUp(RowOutcomeCounts c) => c.Read == c.Inserted + c.AlreadyPresent + c.Updated + c.Rejected;

    /// <summary>The outcomes as one line; <paramref name="addsUp"/> is the caller's whole check.</summary>
    public static string Describe(RowOutcomeCounts c, bool addsUp) =>
        $"read {c.Read} = ins {c.Inserted} + present {c.AlreadyPresent} + upd {c.Updated} + rej {c.Rejected}; flagged {c.Flagged}{(addsUp ? "" : "  (DOES NOT ADD UP)")}";
}
