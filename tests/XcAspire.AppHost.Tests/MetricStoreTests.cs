using XcAspire.AppHost.Otlp;
using XcAspire.AppHost.Telemetry;

namespace XcAspire.AppHost.Tests;

public sealed class MetricStoreTests
{
    private static readonly Dictionary<string, string> NoAttributes = [];

    [Fact]
    public void Cumulative_counters_are_summed_over_instances_and_survive_a_restart()
    {
        var store = new MetricStore(TimeProvider.System);

        store.Add([Point("silo-1", 100), Point("silo-2", 40)]);
        store.Add([Point("silo-1", 150), Point("silo-2", 40)]);
        // silo-1 restarted: its counter starts again from zero; what it reported before stays counted.
        store.Add([Point("silo-1", 30)]);

        var total = Assert.Single(store.Snapshot());
        Assert.Equal(220, total.Total);
    }

    [Fact]
    public void Delta_points_are_added_as_they_come()
    {
        var store = new MetricStore(TimeProvider.System);

        store.Add([Point("silo-1", 5, cumulative: false), Point("silo-1", 7, cumulative: false)]);

        Assert.Equal(12, Assert.Single(store.Snapshot()).Total);
    }

    [Fact]
    public void Gauges_sum_the_latest_value_of_each_instance()
    {
        var store = new MetricStore(TimeProvider.System);

        store.Add([Point("api", 3, monotonic: false), Point("silo-1", 2, monotonic: false)]);
        store.Add([Point("api", 1, monotonic: false)]);

        Assert.Equal(3, Assert.Single(store.Snapshot()).Total);
    }

    private static OtlpMetricPoint Point(string instance, double value, bool cumulative = true, bool monotonic = true) =>
        new("silo", instance, "xc.results.imported", "{row}", cumulative, monotonic, 0, value, 0, NoAttributes);
}
