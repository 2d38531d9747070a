using HubSpotTeamsBot.BotFramework;
using HubSpotTeamsBot.BotFramework.Hosting;
using HubSpotTeamsBot.Features;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddBotFramework(builder.Configuration);
builder.Services.AddFeatures();
builder.Services.AddHealthChecks();

var app = builder.Build();
app.MapHealthChecks("/healthz");
app.MapBotMessages();
app.Run();

/// <summary>Entry point marker so tests can host the bot with WebApplicationFactory.</summary>
public partial class Program;
