using XcAspire.Silo.Import.Csv;
using XcAspire.Silo.MeetData;
using XcAspire.Silo.Sample;

namespace XcAspire.Reliability.Tests;

/// <summary>
/// One rig for the hostile-input tests: a silo, the API, and a meet already imported, so "nothing
/// written" is checked against a database that has data, as a real one does.
/// </summary>
public sealed class HostileRig : IAsyncLifetime
{
    public ImportRig Rig { get; private set; } = null!;

    public AdminApi Api { get; private set; } = null!;

    public static MeetSnapshot Meet(string meetId, int results, int races = 3) => MeetGenerator.Generate(new MeetGeneratorOptions
    {
        MeetId = meetId, MeetName = $"Hostile Open {meetId}", RaceCount = races, TotalResults = results, Seed = int.Parse(meetId, System.Globalization.CultureInfo.InvariantCulture),
        SchoolCount = 10, NonFinisherRate = 0,
    });

    /// <summary>Writes <paramref name="meet"/> as a CSV folder under the data root; answers the folder.</summary>
    public string WriteFolder(MeetSnapshot meet, string name)
    {
        var folder = Path.Combine(Rig.DataRoot, name);
        Directory.CreateDirectory(folder);
        MeetFolderWriter.Write(meet, folder, MeetFolderLayout.SingleResults);
        return folder;
    }

    public async Task InitializeAsync()
    {
        Rig = await ImportRig.StartAsync([], faults: null, silos: 1, maxAttempts: 3);
        Api = Rig.AdminClient();
        var folder = WriteFolder(Meet("960001", 120), "baseline");
        var (status, body) = await Api.PostAsync("import-meet/start-import", new { directoryPath = folder });
        Assert.True(status == System.Net.HttpStatusCode.OK, $"baseline import: {(int)status} {body}");
        await new JobWaiter(Api).WaitForEndAsync(body.GetProperty("jobId").GetString()!);
    }

    public async Task DisposeAsync()
    {
        Api.Dispose();
        await Rig.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class HostileCollection : ICollectionFixture<HostileRig>
{
    public const string Name = "hostile input";
}
