using System.Net;
using System.Text;
using System.Text.Json;

namespace XcAspire.Api.Tests;

/// <summary>
/// Requests the framework cannot bind (a low of issue 16, finding 8): each is a problem that names
/// the JSON field or query value as the client wrote it and says what it must be, never a C# type
/// or member, and never the framework's "Did you mean to use a Service instead?".
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class BindingProblemTests(SecurityFixture fixture)
{
    private static readonly string[] Internals = ["Did you mean", "Service", "System.", "XcAspire", "Request\"", "Body\"", "parameter \""];

    [Theory]
    [InlineData("import-meet/fetch-metadata", """{"meetId":12345}""", "'meetId' must be a string")]
    [InlineData("import-meet/fetch-metadata", """{"meetId":"12345",""", "The body is not valid JSON (line 1")]
    [InlineData("import-meet/fetch-metadata", """["12345"]""", "The body must be a JSON object")]
    [InlineData("import-meet/start-scrape", """{"meetId":"1","metadata":{"courses":[{"distanceMeters":"5k"}]}}""",
        "'metadata.courses[0].distanceMeters' must be a whole number")]
    [InlineData("import-meet/start-scrape", """{"meetId":"1","autoImport":"yes"}""", "'autoImport' must be true or false")]
    [InlineData("import-meet/import-folders", """{"directoryPaths":"meet"}""", "'directoryPaths' must be a JSON array")]
    [InlineData("courses", """{"venueId":"not-a-uuid","name":"5K","distanceMeters":5000}""", "'venueId' must be a UUID")]
    [InlineData("courses", """{"venueId":null,"name":"5K","distanceMeters":5000,"difficultyRating":"hard"}""", "'difficultyRating' must be a number")]
    [InlineData("venues", """{"Name":{"first":"Park"}}""", "'Name' must be a string")]
    public async Task A_body_of_the_wrong_shape_names_the_json_field(string path, string body, string detail)
    {
        var (status, problem) = await PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

        AssertProblem(status, problem, HttpStatusCode.BadRequest, detail);
    }

    [Theory]
    [InlineData("import-meet/start-scrape")]
    [InlineData("import-meet/fetch-metadata")]
    [InlineData("venues")]
    public async Task A_missing_body_asks_for_one_in_plain_words(string path)
    {
        var (status, problem) = await PostAsync(path, content: null);

        AssertProblem(status, problem, HttpStatusCode.BadRequest, "needs a JSON object as its body");
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_415_that_says_to_send_json()
    {
        var (status, problem) = await PostAsync("venues", new StringContent("name=Park", Encoding.UTF8, "application/x-www-form-urlencoded"));

        AssertProblem(status, problem, HttpStatusCode.UnsupportedMediaType, "Content-Type: application/json");
    }

    [Theory]
    [InlineData("jobs?limit=ten", "'limit' must be a whole number; \"ten\" is not.")]
    [InlineData("review/athletes?limit=1.5", "'limit' must be a whole number; \"1.5\" is not.")]
    public async Task A_query_value_of_the_wrong_kind_names_the_query_value(string path, string detail)
    {
        using var admin = fixture.BearerClient();

        using var response = await admin.GetAsync("/api/admin/" + path);

        AssertProblem(response.StatusCode, await response.Content.ReadAsStringAsync(), HttpStatusCode.BadRequest, detail);
    }

    private async Task<(HttpStatusCode Status, string Problem)> PostAsync(string path, HttpContent? content)
    {
        using var admin = fixture.BearerClient();
        using var response = await admin.PostAsync("/api/admin/" + path, content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static void AssertProblem(HttpStatusCode status, string body, HttpStatusCode expected, string detail)
    {
        Assert.True(status == expected, $"expected {(int)expected}, got {(int)status}: {body}");
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        foreach (var internalName in Internals)
        {
            Assert.DoesNotContain(internalName, body, StringComparison.Ordinal);
        }
    }
}
