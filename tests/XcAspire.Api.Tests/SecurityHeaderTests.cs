using System.Net;

namespace XcAspire.Api.Tests;

/// <summary>
/// Security headers on the UI, the API and its problems (a low of issue 16, finding 8): no framing,
/// no sniffing, no referrer, and a Content-Security-Policy that runs no inline script.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class SecurityHeaderTests(SecurityFixture fixture)
{
    [Theory]
    [InlineData("/admin/login", false)]
    [InlineData("/admin/import-meet", false)]
    [InlineData("/admin/app.css", false)]
    [InlineData("/admin/api.js", false)]
    [InlineData("/api/admin/jobs", false)]
    [InlineData("/openapi/v1.json", false)]
    [InlineData("/health", false)]
    [InlineData("/no/such/page", false)]
    [InlineData("/scalar", true)]
    [InlineData("/scalar/scalar.js", true)]
    public async Task Every_answer_carries_the_security_headers(string path, bool scalar)
    {
        using var anonymous = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(fixture.BaseUrl) };

        using var response = await anonymous.GetAsync(path);

        AssertSecurityHeaders(response, scalar);
    }

    [Theory]
    [InlineData("/api/admin/jobs", HttpStatusCode.OK)]
    [InlineData("/api/admin/jobs?status=bogus", HttpStatusCode.BadRequest)]
    [InlineData("/api/admin/meets/123/grain", HttpStatusCode.NotFound)]
    public async Task Api_answers_and_problems_carry_them_too(string path, HttpStatusCode status)
    {
        using var admin = fixture.BearerClient();

        using var response = await admin.GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        AssertSecurityHeaders(response, scalar: false);
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response, bool scalar)
    {
        string Header(string name) => response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";

        var policy = Header("Content-Security-Policy");
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        // Scripts: the API's own files; the Scalar page adds its one inline script by a nonce, never 'unsafe-inline'.
        var scriptSrc = policy.Split(';', StringSplitOptions.TrimEntries).Single(d => d.StartsWith("script-src ", StringComparison.Ordinal));
        Assert.Matches(scalar ? "^script-src 'self'( 'nonce-[A-Za-z0-9+/=_-]+')?$" : "^script-src 'self'$", scriptSrc);
        Assert.Contains("object-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("base-uri 'none'", policy, StringComparison.Ordinal);
        // Only Scalar, which builds its styles at run time, may have inline styles; nothing may run inline script.
        Assert.Equal(scalar, policy.Contains("style-src 'self' 'unsafe-inline'", StringComparison.Ordinal));
        Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Header("X-Content-Type-Options"));
        Assert.Equal("DENY", Header("X-Frame-Options"));
        Assert.Equal("no-referrer", Header("Referrer-Policy"));
    }
}
