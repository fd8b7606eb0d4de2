using Microsoft.Playwright;

namespace XcAspire.Api.Tests;

/// <summary>A Chromium page of the admin UI, signed in through the sign-in form, with its console watched.</summary>
public static class AdminPages
{
    public static readonly LocatorAssertionsToBeVisibleOptions LongWait = new() { Timeout = 180_000 };

    public static async Task<(IPage Page, BrowserConsole Console)> OpenAsync(IBrowser browser, string baseUrl, string path)
    {
        var page = await browser.NewPageAsync();
        var console = BrowserConsole.Watch(page);
        await page.GotoAsync(baseUrl + path);
        await page.FillAsync("#token", ApiHost.Token);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(System.Text.RegularExpressions.Regex.Escape(path.Split('?')[0])));
        return (page, console);
    }
}
