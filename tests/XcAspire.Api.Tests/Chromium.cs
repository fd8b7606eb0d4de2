using Microsoft.Playwright;

namespace XcAspire.Api.Tests;

/// <summary>
/// Debian's Chromium driven by Playwright (Playwright's own browser download cannot work on our build
/// machines). Screenshots go under the test output so a failing run can be looked at.
/// </summary>
public static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly string[] Args =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run",
    ];

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"{ExecutablePath} is missing: apt-get install -y chromium (./xc test installs it).");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = Args,
        });
        return (playwright, browser);
    }

    /// <summary>Where a test's screenshots go: the test output folder, kept after the run.</summary>
    public static string ScreenshotPath(string name)
    {
        // ./xc test sets XC_TEST_RESULTS to its results folder; a plain dotnet test keeps them in bin/.
        var root = Environment.GetEnvironmentVariable("XC_TEST_RESULTS") ?? AppContext.BaseDirectory;
        var folder = Path.Combine(root, "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }
}
