using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Storage;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddHealthChecks();
builder.Services.AddBotStorage(builder.Configuration);
builder.Services.AddHubSpot(builder.Configuration);

var app = builder.Build();
app.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = HealthReportJsonWriter.WriteAsync });
app.Run();

/// <summary>Entry point marker so tests can host the bot with WebApplicationFactory.</summary>
public partial class Program;
