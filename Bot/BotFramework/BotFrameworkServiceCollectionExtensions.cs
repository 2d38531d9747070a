using System.Net;
using HubSpotTeamsBot.BotFramework.Limits;
using HubSpotTeamsBot.BotFramework.Auth;
using HubSpotTeamsBot.BotFramework.Connector;
using HubSpotTeamsBot.BotFramework.Hosting;
using HubSpotTeamsBot.BotFramework.Queue;
using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.Telemetry;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace HubSpotTeamsBot.BotFramework;

public static class BotFrameworkServiceCollectionExtensions
{
    /// <summary>The wire protocol: options, inbound auth, connector client, router, background queue.</summary>
    public static IServiceCollection AddBotFramework(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BotOptions>().Bind(configuration.GetSection(BotOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BotOptions>, BotOptionsValidator>();
        services.AddBotAuthentication();

        services.AddSingleton<TrustedServiceUrls>();
        // Its InlineDialogMark comes from the layer that answers dialog buttons (AddForms).
        services.AddSingleton<PlaygroundCards>();
        services.AddServiceUrlAllowList(configuration);
        services.AddSingleton<BotTokenProvider>();
        services.AddHttpClient(BotTokenProvider.HttpClientName);
        services.AddHttpClient<ConnectorClient>(client => AppUserAgent.Apply(client.DefaultRequestHeaders)).AddResilienceHandler("connector", pipeline =>
        {
            // Teams' rate limits and transient gateway errors (docs/teams-protocol.md, "Teams rate limits"): 429, 412, 502, 504.
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = 3,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(250),
                ShouldRetryAfterHeader = true,
                // Not for a caller that retries itself (a notification post records each attempt before it is sent).
                ShouldHandle = args => ValueTask.FromResult((args.Outcome.Result?.StatusCode is
                    HttpStatusCode.TooManyRequests or HttpStatusCode.PreconditionFailed or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout)
                    && ConnectorClient.MayRetry(args.Outcome.Result)),
            });
            pipeline.AddTimeout(TimeSpan.FromSeconds(15));
        });

        services.AddTurnLimits(configuration);
        services.AddSingleton<ActivityRouter>();
        services.AddSingleton<TurnRunner>();
        services.AddActivityQueue(configuration);
        services.AddHostedService<StartupWarmUp>();
        return services;
    }
}
