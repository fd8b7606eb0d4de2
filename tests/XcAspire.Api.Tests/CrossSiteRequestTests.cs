using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace XcAspire.Api.Tests;

/// <summary>
/// Cross-site request forgery against the session cookie (issue 16, finding 4): a state-changing
/// request signed in by the cookie needs the API's own origin and the session's anti-forgery token;
/// a bearer-token call needs neither. Over real HTTP, with the headers a browser would send.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class CrossSiteRequestTests(SecurityFixture fixture)
{
    private const string CrossSite = "Cross-site request refused";
    private const string NoToken = "Anti-forgery token missing or not valid";

    private static string RemoveResults => $"/api/admin/maintenance/meets/{SecurityFixture.UntouchedMeet}/remove-results";

    [Theory]
    [InlineData("an Origin on another 127.0.0.1 port", CrossSite)]
    [InlineData("an Origin on another host name", CrossSite)]
    [InlineData("an Origin of null", CrossSite)]
    [InlineData("no Origin and no Sec-Fetch-Site", CrossSite)]
    [InlineData("no Origin and Sec-Fetch-Site same-site", CrossSite)]
    [InlineData("no anti-forgery token", NoToken)]
    [InlineData("a made-up anti-forgery token", NoToken)]
    [InlineData("another browser's anti-forgery token", NoToken)]
    public async Task A_cookie_signed_post_is_refused_and_changes_nothing_with(string forgery, string title)
    {
        using var browser = await SessionClient.SignedInAsync(fixture.BaseUrl);
        var token = await browser.AntiforgeryTokenAsync();
        var (origin, sentToken, fetchSite) = forgery switch
        {
            "an Origin on another 127.0.0.1 port" => ($"http://127.0.0.1:{OtherPort(browser)}", token, "same-site"),
            "an Origin on another host name" => ($"http://localhost:{browser.BaseAddress.Port}", token, "cross-site"),
            "an Origin of null" => ("null", token, "cross-site"),
            "no Origin and no Sec-Fetch-Site" => (null, token, null),
            "no Origin and Sec-Fetch-Site same-site" => (null, token, "same-site"),
            "no anti-forgery token" => (browser.Origin, null, "same-origin"),
            "a made-up anti-forgery token" => (browser.Origin, "CfDJ8" + new string('A', 80), "same-origin"),
            "another browser's anti-forgery token" => (browser.Origin, await OtherBrowsersTokenAsync(), "same-origin"),
            _ => throw new ArgumentOutOfRangeException(nameof(forgery), forgery, null),
        };
        var before = await fixture.ResultCountAsync(SecurityFixture.UntouchedMeet);

        using var response = await browser.PostAsync(RemoveResults, origin, sentToken, fetchSite);

        await AssertRefusedAsync(response, title);
        Assert.True(before > 0);
        Assert.Equal(before, await fixture.ResultCountAsync(SecurityFixture.UntouchedMeet));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_cookie_signed_post_from_the_own_origin_with_the_token_is_done(bool sendsOrigin)
    {
        using var browser = await SessionClient.SignedInAsync(fixture.BaseUrl);
        var name = $"Session Park {Guid.NewGuid():N}";

        // Without an Origin header, Sec-Fetch-Site: same-origin vouches for the page instead.
        using var response = await browser.PostAsync(
            "/api/admin/venues", sendsOrigin ? browser.Origin : null, await browser.AntiforgeryTokenAsync(), "same-origin",
            JsonContent.Create(new { name }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(1L, await fixture.Database.ScalarAsync<long>($"SELECT count(*) FROM venues WHERE name = '{name}'"));
    }

    [Fact]
    public async Task A_token_read_before_signing_in_again_is_not_valid_in_the_new_session()
    {
        using var browser = await SessionClient.SignedInAsync(fixture.BaseUrl);
        var oldToken = await browser.AntiforgeryTokenAsync();
        await browser.SignInAsync();

        using var stale = await browser.PostAsync(RemoveResults, browser.Origin, oldToken);
        using var rebuilt = await browser.PostAsync(
            "/api/admin/maintenance/rebuild-derived", browser.Origin, await browser.AntiforgeryTokenAsync(),
            content: JsonContent.Create(new { meetId = SecurityFixture.UntouchedMeet }));

        await AssertRefusedAsync(stale, NoToken);
        Assert.Equal(HttpStatusCode.OK, rebuilt.StatusCode);
    }

    [Fact]
    public async Task Bearer_calls_need_neither_the_origin_nor_an_antiforgery_token()
    {
        using var http = fixture.BearerClient();
        var name = $"Bearer Park {Guid.NewGuid():N}";

        using var plain = await http.PostAsJsonAsync("/api/admin/venues", new { name });
        // A script run from some page: the Origin is not the API's, and the bearer token still rules.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/maintenance/rebuild-derived")
        {
            Content = JsonContent.Create(new { meetId = SecurityFixture.UntouchedMeet }),
        };
        request.Headers.Add("Origin", "http://127.0.0.1:6199");
        using var fromElsewhere = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, plain.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fromElsewhere.StatusCode);
    }

    private async Task<string> OtherBrowsersTokenAsync()
    {
        using var other = await SessionClient.SignedInAsync(fixture.BaseUrl);
        return await other.AntiforgeryTokenAsync();
    }

    private static int OtherPort(SessionClient browser) => browser.BaseAddress.Port == 6199 ? 6198 : 6199;

    internal static async Task AssertRefusedAsync(HttpResponseMessage response, string title)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"expected 403, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(title, JsonDocument.Parse(body).RootElement.GetProperty("title").GetString());
    }
}
