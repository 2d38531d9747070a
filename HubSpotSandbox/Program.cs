using HubSpotSandbox.Behaviour;
using HubSpotSandbox.Endpoints;
using HubSpotSandbox.Errors;
using HubSpotSandbox.Json;
using HubSpotSandbox.Options;
using HubSpotSandbox.Seed;
using HubSpotSandbox.State;
using HubSpotSandbox.Webhooks;
using HubSpotSandbox.Writes;
using Microsoft.Extensions.Options;

// A development stand-in for the HubSpot API subset the bot uses. Never point production at it.
var arguments = CommandLine.Normalise(args);
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = arguments });
builder.Configuration.AddCommandLine(arguments, CommandLine.SwitchMappings.ToDictionary());

builder.Services.AddOptions<SandboxOptions>().Bind(builder.Configuration.GetSection(SandboxOptions.Section)).ValidateOnStart();
builder.Services.AddSingleton<IValidateOptions<SandboxOptions>, SandboxOptionsValidator>();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<SandboxState>();
builder.Services.AddSingleton<TokenStore>();
builder.Services.AddSingleton<PendingAuthorizations>();
builder.Services.AddSingleton<BehaviourState>();
builder.Services.AddSingleton<FaultPlan>();
builder.Services.AddSingleton<RateLimiter>();
builder.Services.AddSingleton<WebhookSender>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<WebhookSender>());
builder.Services.AddSingleton(sp => new CrmWriter(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<WebhookSender>()));
builder.Services.ConfigureHttpJsonOptions(json =>
{
    json.SerializerOptions.Converters.Add(new UtcTimestampConverter());
    json.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull;
});

var app = builder.Build();
var options = app.Services.GetRequiredService<IOptions<SandboxOptions>>().Value;
DemoPortals.Create(app.Services.GetRequiredService<SandboxState>(), options.Seed);

app.UseCorrelationIds();
app.UseExceptionHandler(handler => handler.Run(context =>
    HubSpotErrors.Write(context, StatusCodes.Status500InternalServerError, "INTERNAL_ERROR", "The sandbox failed unexpectedly.").ExecuteAsync(context)));
app.UseRouting();
app.UseMiddleware<ApiPipelineMiddleware>();

app.MapGet("/healthz", () => "ok");
app.MapAuthorizeEndpoints();
app.MapTokenEndpoints(options.ApiVersion);
app.MapAccountInfoEndpoints(options.ApiVersion);
app.MapObjectEndpoints(options.ApiVersion);
app.MapSearchEndpoints(options.ApiVersion);
app.MapAssociationEndpoints(options.ApiVersion);
app.MapBatchEndpoints(options.ApiVersion);
app.MapOwnersEndpoints(options.ApiVersion);
app.MapPipelinesEndpoints(options.ApiVersion);
app.MapPropertiesEndpoints(options.ApiVersion);
app.MapAdminEndpoints();
app.MapWebhookAdminEndpoints();

app.Logger.LogInformation("HubSpot sandbox (development stand-in) ready: API version {ApiVersion}, demo portal {PortalId} with {Contacts} contacts",
    options.ApiVersion, options.Seed.DemoPortalId, options.Seed.Contacts);
app.Run();

/// <summary>Entry point marker so tests can host the sandbox with WebApplicationFactory.</summary>
public partial class Program;
