using XcAspire.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapDefaultEndpoints();
app.Run();

/// <summary>Entry point; public so the tests' WebApplicationFactory can host the API.</summary>
public partial class Program;
