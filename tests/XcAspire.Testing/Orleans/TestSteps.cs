using System.Collections.Concurrent;
using XcAspire.Silo.Steps;

namespace XcAspire.Testing.Orleans;

/// <summary>
/// Steps a test gives the in-process silos of its cluster. A silo is configured by type name, so the
/// instance travels by key: the test registers it, the silo's configurator takes it by the key in
/// <c>Test:Steps</c>.
/// </summary>
public static class TestSteps
{
    public const string SettingKey = "Test:Steps";

    private static readonly ConcurrentDictionary<string, GrainSteps> Registered = new();

    public static string Register(GrainSteps steps)
    {
        var key = Guid.NewGuid().ToString("N");
        Registered[key] = steps;
        return key;
    }

    public static GrainSteps Get(string key) =>
        Registered.TryGetValue(key, out var steps) ? steps : throw new InvalidOperationException($"No test steps registered as {key}.");

    public static void Forget(string key) => Registered.TryRemove(key, out _);
}
