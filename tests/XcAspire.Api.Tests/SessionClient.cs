using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace XcAspire.Api.Tests;

/// <summary>
/// What a browser holding an admin session sends, over real HTTP: it signs in through the form,
/// keeps its cookies, and adds Origin, Sec-Fetch-Site and the anti-forgery header as a test says.
/// </summary>
public sealed class SessionClient : IDisposable
{
    public const string CookieName = "xc_admin";
    public const string AntiforgeryHeader = "X-XSRF-TOKEN";

    private readonly CookieContainer _cookies = new();
    private readonly HttpClient _http;

    public SessionClient(string baseUrl)
    {
        BaseAddress = new Uri(baseUrl);
        _http = new HttpClient(new SocketsHttpHandler { CookieContainer = _cookies, AllowAutoRedirect = false }) { BaseAddress = BaseAddress };
    }

    public Uri BaseAddress { get; }

    /// <summary>The API's own origin, as a browser on its pages sends it: scheme, host and port.</summary>
    public string Origin => BaseAddress.GetLeftPart(UriPartial.Authority);

    public string? SessionCookie => _cookies.GetCookies(BaseAddress)[CookieName]?.Value;

    public static async Task<SessionClient> SignedInAsync(string baseUrl)
    {
        var client = new SessionClient(baseUrl);
        await client.SignInAsync();
        return client;
    }

    public async Task SignInAsync()
    {
        using var response = await SignInAsync(ApiHost.Token, "/admin/jobs");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin/jobs", response.Headers.Location?.OriginalString);
    }

    public Task<HttpResponseMessage> SignInAsync(string token, string returnTo) =>
        _http.PostAsync("/admin/login", new FormUrlEncodedContent([new("token", token), new("return", returnTo)]));

    public async Task<string> AntiforgeryTokenAsync()
    {
        var answer = await _http.GetFromJsonAsync<JsonElement>("/admin/antiforgery-token");
        Assert.Equal(AntiforgeryHeader, answer.GetProperty("headerName").GetString());
        return answer.GetProperty("token").GetString()!;
    }

    /// <summary>Replaces the session cookie, as a browser still holding an old one would send it.</summary>
    public void UseSessionCookie(string value) => _cookies.Add(BaseAddress, new Cookie(CookieName, value, "/"));

    public Task<HttpResponseMessage> GetAsync(string path) => _http.GetAsync(path);

    public async Task<HttpResponseMessage> PostAsync(
        string path, string? origin, string? antiforgeryToken, string? fetchSite = null, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (antiforgeryToken is not null)
        {
            request.Headers.Add(AntiforgeryHeader, antiforgeryToken);
        }

        if (fetchSite is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", fetchSite);
        }

        return await _http.SendAsync(request);
    }

    public void Dispose() => _http.Dispose();
}
