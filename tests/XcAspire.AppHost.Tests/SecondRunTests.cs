namespace XcAspire.AppHost.Tests;

/// <summary>A second `./xc run` in a checkout whose AppHost is running says so and starts nothing.</summary>
public sealed class SecondRunTests
{
    [Fact]
    public void A_second_apphost_on_the_same_state_directory_refuses_to_start()
    {
        var state = Directory.CreateTempSubdirectory("xc-apphost-lock-").FullName;
        try
        {
            using var first = InstanceLock.TryAcquire(state);
            Assert.NotNull(first);

            var (exitCode, output, error) = ProcessTools.Run("dotnet", [BuiltAppHost()], new Dictionary<string, string?>
            {
                ["XC_STATE_DIR"] = state,
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePorts.Next()}",
                ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true",
            });

            Assert.Equal(1, exitCode);
            Assert.Contains("already running", output + error, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(state, "pg")), "the refused AppHost prepared a cluster");
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    /// <summary>The AppHost as `./xc run` executes it: the build output of the configuration these tests were built in.</summary>
    private static string BuiltAppHost()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = output.Parent!.Name;
        for (var dir = output; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "XcAspire.sln")))
            {
                return Path.Combine(dir.FullName, "XcAspire.AppHost", "bin", configuration, output.Name, "XcAspire.AppHost.dll");
            }
        }

        throw new InvalidOperationException("XcAspire.sln not found above " + AppContext.BaseDirectory);
    }
}
