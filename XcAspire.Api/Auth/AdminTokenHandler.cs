using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace XcAspire.Api.Auth;

/// <summary>
/// The admin credential: <c>Authorization: Bearer &lt;token&gt;</c>, or the session cookie the admin
/// UI's login form sets. Compared in constant time. No credential answers 401, a wrong one 403.
/// </summary>
public sealed class AdminTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AdminToken token)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "AdminToken";
    public const string CookieName = "xc_admin";
    private const string WrongCredential = "wrong";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = PresentedToken(Request);
        if (presented is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!token.Matches(presented))
        {
            Context.Items[WrongCredential] = true;
            return Task.FromResult(AuthenticateResult.Fail("The admin token is not valid."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "admin")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var wrong = Context.Items.ContainsKey(WrongCredential);
        Response.StatusCode = wrong ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized;
        if (!wrong)
        {
            Response.Headers.WWWAuthenticate = "Bearer";
        }

        return Results.Problem(
                statusCode: Response.StatusCode,
                title: wrong ? "Wrong admin credential" : "Admin credential required",
                detail: wrong
                    ? "The admin token presented does not match XC_ADMIN_TOKEN."
                    : "Send the admin token as 'Authorization: Bearer <token>' (the AppHost prints it at start-up).")
            .ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => HandleChallengeAsync(properties);

    internal static string? PresentedToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        return request.Cookies.TryGetValue(CookieName, out var cookie) && cookie.Length > 0 ? cookie : null;
    }
}

/// <summary>The configured admin token (<c>Admin:Token</c>, env <c>XC_ADMIN_TOKEN</c>).</summary>
public sealed class AdminToken
{
    private readonly byte[] _hash;

    public AdminToken(IConfiguration configuration)
    {
        var value = configuration["Admin:Token"] ?? configuration["XC_ADMIN_TOKEN"];
        if (string.IsNullOrWhiteSpace(value) || value.Length < 16)
        {
            throw new InvalidOperationException(
                "No admin token configured: set XC_ADMIN_TOKEN (or Admin:Token) to a secret of at least 16 characters, " +
                "or start the system with ./xc run, which generates one and prints it.");
        }

        _hash = SHA256.HashData(Encoding.UTF8.GetBytes(value));
    }

    // Hashing first gives equal-length inputs, so the comparison time says nothing about the token.
    public bool Matches(string presented) =>
        CryptographicOperations.FixedTimeEquals(_hash, SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
}
