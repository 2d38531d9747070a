using HubSpotTeamsBot.BotFramework;
using HubSpotTeamsBot.BotFramework.Hosting;
using HubSpotTeamsBot.Features;
using HubSpotTeamsBot.Features.Linking;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Identity;
using HubSpotTeamsBot.Production;
using HubSpotTeamsBot.PublicPages;
using HubSpotTeamsBot.Storage;
using HubSpotTeamsBot.Telemetry;
using HubSpotTeamsBot.Webhooks;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

// The slim host: appsettings.json, environment variables, command line and console logging as usual, without the
// parts the bot never uses (HTTPS and HTTP/3 in Kestrel: App Service ends TLS in front of it; regex route
// constraints; the Windows event log). It starts measurably faster (bench/README.md).
var builder = WebApplication.CreateSlimBuilder(args);
builder.Services.AddHealthChecks();
builder.Services.AddBotFramework(builder.Configuration);
builder.Services.AddBotStorage(builder.Configuration);
builder.Services.AddBotIdentity(builder.Configuration);
builder.Services.AddHubSpot(builder.Configuration);
builder.Services.AddFeatures();
builder.Services.AddHubSpotWebhooks(builder.Configuration);
builder.Services.AddProductionChecks(builder.Configuration);
builder.Services.AddPublicPages(builder.Configuration);
builder.Services.AddBotTelemetry(builder.Configuration);

var app = builder.Build();
app.UseUnavailableCounter();
app.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = HealthReportJsonWriter.WriteAsync });
app.MapBotMessages();
app.MapPortalLinkPages();
app.MapHubSpotWebhooks();
app.MapPublicPages();
app.Run();

/// <summary>Entry point marker so tests can host the bot with WebApplicationFactory.</summary>
public partial class Program;
