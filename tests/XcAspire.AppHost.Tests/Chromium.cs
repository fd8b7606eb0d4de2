using Microsoft.Playwright;

namespace XcAspire.AppHost.Tests;

/// <summary>Debian's Chromium driven by Playwright (never Playwright's own browser download).</summary>
public static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        Assert.True(File.Exists(ExecutablePath), $"{ExecutablePath} is missing: apt-get install -y chromium (./xc test installs it).");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        return (playwright, browser);
    }

    /// <summary>
    /// The README's screenshots are refreshed on request (XC_UPDATE_SCREENSHOTS=1 ./xc test); otherwise they
    /// go with the test results, so a test run leaves the checkout as it was.
    /// </summary>
    public static string ScreenshotPath(string file)
    {
        var directory = Environment.GetEnvironmentVariable("XC_UPDATE_SCREENSHOTS") == "1"
            ? Path.Combine(RepositoryRoot(), "docs", "screenshots")
            : Path.Combine(Environment.GetEnvironmentVariable("XC_TEST_RESULTS") ?? AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, file);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "XcAspire.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("XcAspire.sln not found above " + AppContext.BaseDirectory);
    }
}
