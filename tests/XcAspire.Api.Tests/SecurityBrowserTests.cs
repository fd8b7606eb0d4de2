using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace XcAspire.Api.Tests;

/// <summary>
/// The session, cross-site forgery and Content-Security-Policy in a real Chromium (issue 16,
/// finding 4 and the headers of finding 8).
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed partial class SecurityBrowserTests(SecurityFixture fixture)
{
    [Fact]
    public async Task A_form_posted_from_another_port_is_refused_while_the_admin_ui_does_the_same_action()
    {
        var meet = SecurityFixture.UiRemovedMeet;
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();
        await SignInAsync(page, "/admin/jobs");
        await using var site = await OtherOriginSite.AutoPostingFormAsync($"{fixture.BaseUrl}/api/admin/maintenance/meets/{meet}/remove-results");
        var before = await fixture.ResultCountAsync(meet);

        var forged = page.WaitForResponseAsync(r => r.Url.EndsWith("/remove-results", StringComparison.Ordinal));
        await page.GotoAsync(site.Url);
        var refused = await forged;

        // The browser did send the session cookie (same site): the API refused the request anyway.
        Assert.Contains(SessionClient.CookieName + "=", (await refused.Request.AllHeadersAsync())["cookie"], StringComparison.Ordinal);
        Assert.Equal(403, refused.Status);
        Assert.Contains("Cross-site request refused", await refused.TextAsync(), StringComparison.Ordinal);
        Assert.True(before > 0);
        Assert.Equal(before, await fixture.ResultCountAsync(meet));

        // The admin UI's own client, on its own page, does the same POST.
        await page.GotoAsync(fixture.BaseUrl + "/admin/jobs");
        var removed = await page.EvaluateAsync<JsonElement>(
            """
            async (meetId) => {
              const { api } = await import('/admin/api.js');
              return await api(`maintenance/meets/${meetId}/remove-results`, { method: 'POST' });
            }
            """,
            meet);
        Assert.Equal(before, removed.GetProperty("resultsRemoved").GetInt64());
        Assert.Equal(0L, await fixture.ResultCountAsync(meet));
    }

    [Fact]
    public async Task The_admin_pages_and_the_reference_load_under_their_policy_and_sign_out_ends_the_session()
    {
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();
        var console = BrowserConsole.Watch(page);

        await SignInAsync(page, "/admin/jobs");
        await Assertions.Expect(page.Locator("#jobs")).ToContainTextAsync("No jobs.");
        await page.GotoAsync(fixture.BaseUrl + "/admin/import-meet");
        await Assertions.Expect(page.Locator("#meet-id")).ToBeVisibleAsync();
        await page.GotoAsync($"{fixture.BaseUrl}/admin/meets/{SecurityFixture.UntouchedMeet}");
        await Assertions.Expect(page.Locator("#error")).ToContainTextAsync("never had an import job");
        await page.GotoAsync(fixture.BaseUrl + "/scalar");
        await Assertions.Expect(page.GetByText("Reads a meet's metadata from the source").First).ToBeVisibleAsync(new() { Timeout = 60_000 });

        await page.GotoAsync(fixture.BaseUrl + "/admin/jobs");
        await page.ClickAsync("#sign-out");
        await Assertions.Expect(page).ToHaveURLAsync(LoginPage());
        await page.GotoAsync(fixture.BaseUrl + "/admin/jobs");
        await Assertions.Expect(page).ToHaveURLAsync(LoginPage());

        Assert.Empty(console.Problems);
    }

    private async Task SignInAsync(IPage page, string path)
    {
        await page.GotoAsync(fixture.BaseUrl + path);
        await Assertions.Expect(page).ToHaveURLAsync(LoginPage());
        await page.FillAsync("#token", ApiHost.Token);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(path) + "$"));
    }

    [GeneratedRegex("/admin/login")]
    private static partial Regex LoginPage();
}
