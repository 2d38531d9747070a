using Azure.Monitor.OpenTelemetry.AspNetCore;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace HubSpotTeamsBot.Telemetry;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>The Application Insights connection string App Service is given (the template sets it).</summary>
    public const string AppInsightsSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    private const string TracesSamplerSetting = "OTEL_TRACES_SAMPLER";

    /// <summary>
    /// OpenTelemetry for the bot's own source and meter; exported to Application Insights (with ASP.NET Core, HttpClient
    /// and log export from the Azure Monitor distro) when APPLICATIONINSIGHTS_CONNECTION_STRING is set. Without it
    /// nothing is exported: tests add their own exporter to the same providers.
    /// </summary>
    public static IServiceCollection AddBotTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var telemetry = services.AddOpenTelemetry()
            // The redaction processor is added first so it runs before any exporter's processor.
            .WithTracing(tracing => tracing.AddSource(BotTelemetry.Name).AddProcessor(new StorageUrlRedaction()))
            .WithMetrics(metrics => metrics.AddMeter(BotTelemetry.Name));
        if (!string.IsNullOrWhiteSpace(configuration[AppInsightsSetting]))
        {
            telemetry.UseAzureMonitor(options =>
            {
                options.ConnectionString = configuration[AppInsightsSetting];
                // The distro keeps about 5 traces a second by default, picked by chance: an operator looking for a
                // failed turn could not count on finding it. A turn is one small trace, so keep every one unless the
                // operator chose a sampler (OTEL_TRACES_SAMPLER / OTEL_TRACES_SAMPLER_ARG, read by the distro).
                if (string.IsNullOrWhiteSpace(configuration[TracesSamplerSetting]))
                {
                    options.SamplingRatio = 1.0F;
                    options.TracesPerSecond = null;
                }
            });
        }

        // Note: an invoke's turn span is a child of the incoming request's span; with the default parent-based sampler
        // it is recorded only when the request span is, i.e. with ASP.NET Core instrumentation (the distro adds it).
        return services;
    }

    /// <summary>Counts every 503 the app answers (queue full, storage down on /healthz) whichever endpoint wrote it.</summary>
    public static IApplicationBuilder UseUnavailableCounter(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            await next(context);
            if (context.Response.StatusCode == StatusCodes.Status503ServiceUnavailable)
            {
                BotMetrics.UnavailableResponses.Add(1, new KeyValuePair<string, object?>("http.route", context.Request.Path.StartsWithSegments("/healthz") ? "/healthz" : "/api/messages"));
            }
        });
}
