var builder = WebApplication.CreateBuilder(args);
builder.Services.AddHealthChecks();

var app = builder.Build();
app.MapHealthChecks("/healthz");
app.Run();

/// <summary>Entry point marker so tests can host the bot with WebApplicationFactory.</summary>
public partial class Program;
