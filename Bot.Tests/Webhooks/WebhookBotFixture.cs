using Bot.Tests.Harness;
using HubSpotTeamsBot.Storage;
using HubSpotTeamsBot.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Webhooks;

/// <summary>
/// The real bot on Kestrel and Azurite with a HubSpot client secret, a linked portal (<see cref="PortalId"/>, for the
/// simulator's tenant) and the recording handler. Short visibility timeout and poison threshold, so redelivery and
/// poisoning happen within a test.
/// </summary>
public sealed class WebhookBotFixture : BotFixture
{
    public const long PortalId = 7_100_200;
    public const long UnlinkedPortalId = 7_999_999;

    public RecordingEventHandler Handler { get; } = new();

    public Uri WebhookUrl => new(BotUrl, "api/hubspot/webhooks");

    protected override IDictionary<string, string?> Settings => Webhooks(BotUrl);

    public static Dictionary<string, string?> Webhooks(Uri botUrl) => new()
    {
        ["HubSpot:ClientId"] = "webhook-test-client",
        ["HubSpot:ClientSecret"] = SignedWebhooks.Secret,
        ["Bot:PublicBaseUrl"] = botUrl.ToString(),
        ["Webhooks:VisibilityTimeout"] = "00:00:03",
        ["Webhooks:MaxDequeueCount"] = "3",
        ["Webhooks:MaxPollDelay"] = "00:00:00.100",
        ["Webhooks:MaxBodyBytes"] = "65536",
        ["Storage:RecentReadTtl"] = "00:00:00",
    };

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IHubSpotEventHandler>(Handler);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await LinkAsync(Host.Services, ChannelSimulator.BotTenantId, PortalId);
    }

    public static Task LinkAsync(IServiceProvider services, string tenantId, long portalId) =>
        services.GetRequiredService<PortalLinkStore>().SaveAsync(new PortalLink
        {
            TenantId = tenantId,
            PortalId = portalId,
            HubDomain = $"portal-{portalId}.example",
            Scopes = ["oauth"],
            LinkedByAadObjectId = "admin",
            LinkedAt = DateTimeOffset.UtcNow,
            State = PortalLinkState.Linked,
            AccessToken = "a",
            RefreshToken = "r",
            AccessTokenExpiresAt = DateTimeOffset.UtcNow.AddHours(1),
        });

    public WebhookReceipts Receipts => Host.Services.GetRequiredService<WebhookReceipts>();

    public Task<HttpResponseMessage> PostAsync(HttpRequestMessage request) => Http.SendAsync(request);
}
