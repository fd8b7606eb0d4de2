using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using XcAspire.ServiceDefaults.Database;
using XcAspire.Silo.Sources;
using XcAspire.Silo.Sources.AthleticNet;
using XcAspire.Silo.Sources.Politeness;
using XcAspire.Silo.Sources.Probe;

namespace XcAspire.Sources.Tests;

public sealed class WiringTests
{
    [Fact]
    public async Task AddXcSources_gives_a_scraper_configured_from_the_Source_section()
    {
        await using var harness = await SourceHarness.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:xcdb"] = harness.Database.ConnectionString,
            ["Source:BaseUrl"] = harness.Source.BaseUrl.ToString(),
            ["Source:ResultsSpacing"] = "00:00:00.050",
            ["Source:Spacing"] = "00:00:00.050",
        }).Build();
        await using var provider = new ServiceCollection().AddXcDatabase(configuration).AddXcSources(configuration).BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<SourceOptions>>().Value;
        var metadata = await provider.GetRequiredService<MeetScraper>().FetchMetadataAsync(harness.MeetId, CancellationToken.None);

        Assert.Equal(TimeSpan.FromMilliseconds(50), options.ResultsSpacing);
        Assert.Equal(TimeSpan.FromMinutes(15), options.ScrapeTimeout);
        Assert.Equal(harness.Meet.Races.Count, metadata.Races.Count);
    }

    [Fact]
    public void The_default_source_is_athletic_net() =>
        Assert.Equal("https://www.athletic.net", new SourceOptions().BaseUrl);

    [Fact]
    public async Task The_probe_prints_races_rows_and_statuses_and_writes_nothing()
    {
        await using var harness = await SourceHarness.StartAsync();
        var output = new StringWriter();
        var options = SourceHarness.FastOptions();
        options.BaseUrl = harness.Source.BaseUrl.ToString();

        var rows = await new MeetProbe(AthleticNetClient.Create(options, new InProcessHostGate()), output).RunAsync(harness.MeetId, CancellationToken.None);

        var text = output.ToString();
        Assert.Equal(harness.Meet.Results.Count, rows);
        Assert.Contains("Meet 900001: Example Valley Invitational", text, StringComparison.Ordinal);
        Assert.Contains("shape flatEvents", text, StringComparison.Ordinal);
        Assert.Contains("Mens 5,000 Meters Varsity [M, 5000 m, varsity] (whole meet): 12 rows (Finished 11, DNF 1), 0 rejected", text, StringComparison.Ordinal);
        Assert.Contains("Nothing was written.", text, StringComparison.Ordinal);
        await using var command = harness.Database.DataSource.CreateCommand("SELECT (SELECT count(*) FROM source_responses) + (SELECT count(*) FROM source_hosts)");
        Assert.Equal(0L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task The_season_probe_prints_the_school_s_meets_and_writes_nothing()
    {
        await using var harness = await SourceHarness.StartAsync(catalog: XcAspire.Silo.Sources.Sample.SampleMeets.DefaultCatalog());
        var output = new StringWriter();
        var options = SourceHarness.FastOptions();
        options.BaseUrl = harness.Source.BaseUrl.ToString();

        var meets = await new SeasonProbe(AthleticNetClient.Create(options, new InProcessHostGate()), output).RunAsync("7001", 2025, CancellationToken.None);

        var text = output.ToString();
        Assert.Equal(10, meets);
        Assert.Contains("School 7001: North Example, season 2025", text, StringComparison.Ordinal);
        Assert.Contains("900001 2025-09-20 Example Valley Invitational (results posted)", text, StringComparison.Ordinal);
        Assert.Contains("900009 2025-10-15 2025 Valley League Dual (no results)", text, StringComparison.Ordinal);
        Assert.Contains("2025 State Championships (still to come)", text, StringComparison.Ordinal);
        Assert.Contains("8 of 10 meets have results. Nothing was written.", text, StringComparison.Ordinal);
        await using var command = harness.Database.DataSource.CreateCommand("SELECT (SELECT count(*) FROM source_responses) + (SELECT count(*) FROM source_hosts)");
        Assert.Equal(0L, await command.ExecuteScalarAsync());
    }
}
