using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace XcAspire.Api.Tests;

/// <summary>
/// The admin UI's session (issue 16, finding 4): the cookie holds a random session id, not the admin
/// token; the database keeps only a keyed hash of it; the session expires, and signing out ends it
/// for every copy of the cookie. Also the sign-in's return address (a low of finding 8).
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class SessionTests(SecurityFixture fixture)
{
    private const string SessionEnded = "Admin session ended";

    [Fact]
    public async Task Signing_in_opens_a_twelve_hour_session_whose_cookie_is_not_the_admin_token()
    {
        using var browser = new SessionClient(fixture.BaseUrl);

        using var response = await browser.SignInAsync(ApiHost.Token, "/admin/jobs");

        var setCookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(SessionClient.CookieName + "=", StringComparison.Ordinal));
        foreach (var attribute in new[] { "httponly", "samesite=strict", "path=/", "expires=" })
        {
            Assert.Contains(attribute, setCookie, StringComparison.OrdinalIgnoreCase);
        }

        var cookie = browser.SessionCookie!;
        Assert.DoesNotContain(ApiHost.Token, setCookie, StringComparison.Ordinal);
        Assert.Equal(32, Base64Url.DecodeFromChars(cookie).Length);
        // Stored: the keyed hash, never the id itself; the session lasts 12 hours from sign-in.
        Assert.Equal(0L, await fixture.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM admin_sessions WHERE id_hash = '\\x{Convert.ToHexString(Base64Url.DecodeFromChars(cookie))}'"));
        Assert.Equal(12 * 3600.0, await fixture.Database.ScalarAsync<double>(
            $"SELECT extract(epoch FROM expires_at - created_at)::float8 FROM admin_sessions WHERE {StoredAs(cookie)}"));
        using var jobs = await browser.GetAsync("/api/admin/jobs");
        Assert.Equal(HttpStatusCode.OK, jobs.StatusCode);
    }

    [Fact]
    public async Task The_admin_token_itself_is_no_cookie_credential()
    {
        using var browser = new SessionClient(fixture.BaseUrl);
        browser.UseSessionCookie(ApiHost.Token);

        using var api = await browser.GetAsync("/api/admin/jobs");
        using var page = await browser.GetAsync("/admin/jobs");

        await AssertSessionEndedAsync(api);
        Assert.StartsWith("/admin/login", page.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_out_ends_the_session_for_every_copy_of_its_cookie()
    {
        using var browser = await SessionClient.SignedInAsync(fixture.BaseUrl);
        var cookie = browser.SessionCookie!;

        using var signedOut = await browser.PostAsync("/admin/logout", browser.Origin, await browser.AntiforgeryTokenAsync());
        using var copy = new SessionClient(fixture.BaseUrl);
        copy.UseSessionCookie(cookie);
        using var afterwards = await copy.GetAsync("/api/admin/jobs");

        Assert.Equal(HttpStatusCode.NoContent, signedOut.StatusCode);
        Assert.Null(browser.SessionCookie);
        await AssertSessionEndedAsync(afterwards);
        Assert.Equal(0L, await fixture.Database.ScalarAsync<long>($"SELECT count(*) FROM admin_sessions WHERE {StoredAs(cookie)}"));
    }

    [Fact]
    public async Task Signing_out_from_another_origin_is_refused_and_the_session_goes_on()
    {
        using var browser = await SessionClient.SignedInAsync(fixture.BaseUrl);

        using var forged = await browser.PostAsync("/admin/logout", "http://127.0.0.1:6199", await browser.AntiforgeryTokenAsync());
        using var jobs = await browser.GetAsync("/api/admin/jobs");

        await CrossSiteRequestTests.AssertRefusedAsync(forged, "Cross-site request refused");
        Assert.Equal(HttpStatusCode.OK, jobs.StatusCode);
    }

    [Fact]
    public async Task Signing_in_again_ends_the_previous_session()
    {
        using var browser = await SessionClient.SignedInAsync(fixture.BaseUrl);
        var first = browser.SessionCookie!;

        await browser.SignInAsync();
        using var old = new SessionClient(fixture.BaseUrl);
        old.UseSessionCookie(first);
        using var refused = await old.GetAsync("/api/admin/jobs");

        Assert.NotEqual(first, browser.SessionCookie);
        await AssertSessionEndedAsync(refused);
    }

    [Fact]
    public async Task An_expired_session_is_refused_and_its_pages_send_to_the_sign_in()
    {
        using var browser = await SessionClient.SignedInAsync(fixture.BaseUrl);
        await fixture.Database.ExecuteAsync(
            $"UPDATE admin_sessions SET expires_at = now() - interval '1 second' WHERE {StoredAs(browser.SessionCookie!)}");

        using var api = await browser.GetAsync("/api/admin/jobs");
        using var page = await browser.GetAsync("/admin/jobs");

        await AssertSessionEndedAsync(api);
        Assert.Equal("/admin/login?return=%2Fadmin%2Fjobs", page.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/admin/jobs?status=error", "/admin/jobs?status=error")]
    [InlineData("/admin/jobs\r\nSet-Cookie: planted=1", "/admin/import-meet")]
    [InlineData("/admin/jobs\nLocation: https://evil.example/", "/admin/import-meet")]
    [InlineData("//evil.example/admin", "/admin/import-meet")]
    [InlineData("https://evil.example/admin", "/admin/import-meet")]
    [InlineData("/admin\\..\\..\\\\evil.example", "/admin/import-meet")]
    [InlineData("/administrator", "/admin/import-meet")]
    [InlineData("/admin/jobs\u00e9", "/admin/import-meet")]
    public async Task Sign_in_returns_only_to_a_page_of_the_admin_ui(string returnTo, string expected)
    {
        using var browser = new SessionClient(fixture.BaseUrl);

        using var failed = await browser.SignInAsync("not-the-admin-token-0000", returnTo);
        using var signedIn = await browser.SignInAsync(ApiHost.Token, returnTo);

        Assert.Equal(HttpStatusCode.Redirect, failed.StatusCode);
        Assert.Equal($"/admin/login?failed=1&return={Uri.EscapeDataString(expected)}", failed.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(expected, signedIn.Headers.Location?.OriginalString);
        Assert.DoesNotContain(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("planted", StringComparison.Ordinal));
    }

    /// <summary>The row of a cookie's session: HMAC-SHA-256 of the id under the admin token's SHA-256.</summary>
    private static string StoredAs(string cookie)
    {
        var hash = HMACSHA256.HashData(SHA256.HashData(Encoding.UTF8.GetBytes(ApiHost.Token)), Base64Url.DecodeFromChars(cookie));
        return $"id_hash = '\\x{Convert.ToHexString(hash)}'";
    }

    private static async Task AssertSessionEndedAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"expected 401, got {(int)response.StatusCode}: {body}");
        Assert.Equal(SessionEnded, JsonDocument.Parse(body).RootElement.GetProperty("title").GetString());
    }
}
