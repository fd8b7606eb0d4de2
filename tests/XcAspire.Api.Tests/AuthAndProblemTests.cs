using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace XcAspire.Api.Tests;

public sealed class AuthAndProblemTests : IAsyncLifetime
{
    private ApiHost _api = null!;

    public async Task InitializeAsync() => _api = await ApiHost.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Theory]
    [InlineData("/api/admin/jobs")]
    [InlineData("/api/admin/venues/search?query=park")]
    public async Task Admin_endpoints_answer_401_without_a_token_403_with_a_wrong_one_and_200_with_the_right_one(string path)
    {
        using var anonymous = _api.Factory.CreateClient();
        using var none = await anonymous.GetAsync(path);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("application/problem+json", none.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Bearer", none.Headers.WwwAuthenticate.Single().Scheme);

        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-token-at-all-000");
        using var wrong = await anonymous.GetAsync(path);
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal("application/problem+json", wrong.Content.Headers.ContentType?.MediaType);

        using var admin = _api.AdminClient();
        using var ok = await admin.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task Health_and_the_openapi_document_stay_open()
    {
        using var anonymous = _api.Factory.CreateClient();
        using var health = await anonymous.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var openApi = await anonymous.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
        using var document = JsonDocument.Parse(await openApi.Content.ReadAsStringAsync());
        Assert.True(document.RootElement.GetProperty("paths").TryGetProperty("/api/admin/import-meet/status/{jobId}", out _));
        using var scalar = await anonymous.GetAsync("/scalar");
        Assert.Equal(HttpStatusCode.OK, scalar.StatusCode);
        Assert.Contains("scalar.js", await scalar.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // The reference's script comes from the package, not from a CDN.
        using var bundle = await anonymous.GetAsync("/scalar/scalar.js");
        Assert.Equal(HttpStatusCode.OK, bundle.StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_declares_the_admin_token_as_a_bearer_scheme_every_operation_needs()
    {
        using var anonymous = _api.Factory.CreateClient();

        using var document = JsonDocument.Parse(await anonymous.GetStringAsync("/openapi/v1.json"));

        var root = document.RootElement;
        var scheme = root.GetProperty("components").GetProperty("securitySchemes").GetProperty("AdminToken");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        Assert.Contains(root.GetProperty("security").EnumerateArray(), requirement => requirement.TryGetProperty("AdminToken", out _));
    }

    [Fact]
    public async Task The_reference_says_what_a_jobs_autoImport_means_after_start_import()
    {
        using var anonymous = _api.Factory.CreateClient();

        using var document = JsonDocument.Parse(await anonymous.GetStringAsync("/openapi/v1.json"));

        var autoImport = document.RootElement.GetProperty("components").GetProperty("schemas")
            .GetProperty("JobStatusResponse").GetProperty("properties").GetProperty("autoImport");
        Assert.Contains("once start-import was called", autoImport.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/admin/import-meet/status/not-a-uuid", HttpStatusCode.BadRequest, "UUID")]
    [InlineData("/api/admin/import-meet/status/6f1c0f53-1111-4a4a-9c9c-000000000000", HttpStatusCode.NotFound, "No import job")]
    [InlineData("/api/admin/meets/12a4/grain", HttpStatusCode.BadRequest, "digits")]
    [InlineData("/api/admin/meets/99999999999999999999999/grain", HttpStatusCode.BadRequest, "digits")]
    // No silo runs beside this API: what needs a grain says so, and what does not still answers.
    [InlineData("/api/admin/meets/123/grain", HttpStatusCode.ServiceUnavailable, "No silo answered")]
    [InlineData("/api/admin/silos", HttpStatusCode.ServiceUnavailable, "No silo answered")]
    [InlineData("/api/admin/jobs?status=bogus", HttpStatusCode.BadRequest, "Unknown status")]
    [InlineData("/api/admin/courses/search?venueId=1;DROP", HttpStatusCode.BadRequest, "venueId")]
    public async Task Bad_ids_get_a_problem_that_says_what_is_wrong(string path, HttpStatusCode status, string detail)
    {
        using var admin = _api.AdminClient();
        using var response = await admin.GetAsync(path);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(detail, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", problem.RootElement.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_oversized_body_is_refused_with_413()
    {
        using var admin = _api.AdminClient();
        var body = "{\"name\":\"" + new string('x', 2 * 1024 * 1024) + "\"}";
        using var response = await admin.PostAsync("/api/admin/venues", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, await _api.Database.ScalarAsync<long>("SELECT count(*) FROM venues"));
    }

    [Fact]
    public async Task Venues_and_courses_are_created_and_searched_with_sql_looking_text_taken_literally()
    {
        using var admin = _api.AdminClient();
        using var created = await admin.PostAsJsonAsync("/api/admin/venues", new { name = "Woodward Park", city = "Fresno", state = "CA" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var venueId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var duplicate = await admin.PostAsJsonAsync("/api/admin/venues", new { name = "Woodward Park" });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);

        using var course = await admin.PostAsJsonAsync("/api/admin/courses", new { venueId, name = "5K Championship", distanceMeters = 5000, difficultyRating = 1.12m });
        Assert.Equal(HttpStatusCode.Created, course.StatusCode);
        using var badRating = await admin.PostAsJsonAsync("/api/admin/courses", new { venueId, name = "Other", distanceMeters = 5000, difficultyRating = 7 });
        Assert.Equal(HttpStatusCode.BadRequest, badRating.StatusCode);
        using var noVenue = await admin.PostAsJsonAsync("/api/admin/courses", new { venueId = Guid.NewGuid(), name = "X", distanceMeters = 5000 });
        Assert.Equal(HttpStatusCode.NotFound, noVenue.StatusCode);

        var found = await admin.GetFromJsonAsync<JsonElement>("/api/admin/venues/search?query=wood");
        Assert.Equal("Woodward Park", found[0].GetProperty("name").GetString());
        foreach (var hostile in new[] { "%", "_", "' OR 1=1 --", "'; DROP TABLE venues; --", "\\" })
        {
            var none = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/venues/search?query={Uri.EscapeDataString(hostile)}");
            Assert.Equal(0, none.GetArrayLength());
        }

        var courses = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/courses/search?query=champ&venueId={venueId}");
        Assert.Equal(5000, courses[0].GetProperty("distanceMeters").GetInt32());
        Assert.Equal(1, await _api.Database.ScalarAsync<long>("SELECT count(*) FROM venues"));
    }
}
