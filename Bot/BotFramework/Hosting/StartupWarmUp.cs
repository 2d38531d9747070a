using HubSpotTeamsBot.BotFramework.Auth;
using HubSpotTeamsBot.BotFramework.Connector;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.BotFramework.Hosting;

/// <summary>
/// Right after start, fetches what the first turn would otherwise wait for: the channel's OpenID metadata and
/// signing keys (inbound validation) and the bot's connector token (the first reply). Measured, the first turn
/// after a cold start spent most of its time in these first uses of IdentityModel and MSAL. Failures are only
/// logged: the turn that needs them fetches again and reports its own error.
/// </summary>
public sealed class StartupWarmUp(
    IHostApplicationLifetime lifetime,
    IOptionsMonitor<JwtBearerOptions> jwt,
    IOptions<BotOptions> options,
    BotTokenProvider tokens,
    ILogger<StartupWarmUp> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Only once the server listens, so warming never delays start-up or /healthz.
        var started = new TaskCompletionSource();
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        await using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            try { await started.Task; }
            catch (OperationCanceledException) { return; }
        }

        try
        {
            if (jwt.Get(BotAuthentication.Scheme).ConfigurationManager is { } metadata)
                await metadata.GetConfigurationAsync(stoppingToken);

            // The Playground-only configuration has no credentials and sends no token.
            if (options.Value.AppType == BotAppType.UserAssignedMSI || !string.IsNullOrEmpty(options.Value.AppPassword))
                await tokens.GetTokenAsync(forceRefresh: false, stoppingToken);

            logger.LogInformation("Warmed up: channel signing keys and the connector token are ready");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning("Warm-up could not fetch the signing keys or the connector token ({Error}); the first turn will try again", ex.GetType().Name);
        }
    }
}
