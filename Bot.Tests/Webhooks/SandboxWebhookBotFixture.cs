using Bot.Tests.Harness;
using HubSpotTeamsBot.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Webhooks;

/// <summary>
/// The CRM bot (sandbox, Azurite, channel simulator) linked to the sandbox's demo portal, with the recording handler,
/// and the sandbox sending its webhooks to the bot's /api/hubspot/webhooks signed with the app's client secret — the
/// whole way in, as in the local run.
/// </summary>
public sealed class SandboxWebhookBotFixture : CrmBotFixture
{
    public RecordingEventHandler Handler { get; } = new();

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["Webhooks:VisibilityTimeout"] = "00:00:03";
            settings["Webhooks:MaxPollDelay"] = "00:00:00.100";
            return settings;
        }
    }

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IHubSpotEventHandler>(Handler);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await StartLinkedAsync();
        var (response, _) = await Bot.Tests.Sandbox.Json.SendAsync(Sandbox.Http, HttpMethod.Post, "/_sandbox/webhooks",
            new { targetUrl = new Uri(BotUrl, "api/hubspot/webhooks").ToString(), batchWindowMs = 50, retryDelayMs = 200 });
        response.EnsureSuccessStatusCode();
    }
}
