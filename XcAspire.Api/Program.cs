using XcAspire.Api.Hosting;
using XcAspire.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddAdminApi();

var app = builder.Build();
app.UseAdminApi();
app.MapDefaultEndpoints();
app.MapAdminApi();
app.Run();

/// <summary>Entry point; public so the tests' WebApplicationFactory can host the API.</summary>
public partial class Program;
