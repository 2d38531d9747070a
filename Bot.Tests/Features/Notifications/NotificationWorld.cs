using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bot.Tests.Harness;
using HubSpotTeamsBot.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Features.Notifications;

/// <summary>A record the test created in the sandbox, with the fields the subscriptions filter on.</summary>
public sealed record SeededRecord(string Type, string Id, string? Owner, string? Pipeline = null, string? Stage = null, decimal Amount = 0, string? Lifecycle = null);

/// <summary>
/// What the notification tests share: records created in the sandbox through its batch API, conversations subscribed
/// through the real bot (chat commands and card submits over HTTP), HubSpot-shaped events, and a stand-in for the webhook
/// layer that hands batches to <see cref="IHubSpotEventHandler"/> and offers a batch again when the handler throws, as
/// the durable queue does.
/// </summary>
public sealed class NotificationWorld(CrmBotFixture bot)
{
    public const string MeganOwner = "70000001";
    public const string AlexOwner = "70000002";
    public const string AdeleOwner = "70000003";
    public const string NestorOwner = "70000004";
    public static readonly string[] DefaultStages = ["appointmentscheduled", "qualifiedtobuy", "presentationscheduled", "decisionmakerboughtin", "contractsent", "closedwon", "closedlost"];

    private long _nextEventId = 9_000_000_000;

    public long PortalId { get; private set; }
    public string AccessToken { get; private set; } = "";

    public async Task LinkAsync()
    {
        await bot.StartLinkedAsync();
        var link = await bot.LinkPortalAsync();
        PortalId = link.PortalId;
        AccessToken = link.AccessToken;
    }

    /// <summary>Creates records with one batch/create call per 100 and returns their ids, in order.</summary>
    public async Task<IReadOnlyList<string>> CreateAsync(string type, IReadOnlyList<Dictionary<string, string>> properties)
    {
        using var api = bot.Sandbox.ApiClient(AccessToken);
        var ids = new List<string>();
        foreach (var chunk in properties.Chunk(100))
        {
            using var response = await api.PostAsJsonAsync($"/crm/objects/{SandboxHost.ApiVersion}/{type}/batch/create",
                new { inputs = chunk.Select(p => new { properties = p }) });
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, body);
            ids.AddRange(JsonNode.Parse(body)!["results"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()));
        }
        return ids;
    }

    public async Task<TeamsConversation> SubscribeChannelAsync(TeamsUser who, JsonObject value)
    {
        var channel = TeamsConversation.Channel(who.TenantId);
        var form = await bot.Teams.SayAsync(channel, who, value["kind"]!.GetValue<string>() == "Deals" ? "notify deals" : "notify contacts", mentionBot: true);
        Assert.Contains("Subscribe", form.VisibleText, StringComparison.Ordinal);
        var answer = await SubmitAsync(channel, who, value);
        Assert.Contains("Subscribed this conversation", answer.VisibleText, StringComparison.Ordinal);
        return channel;
    }

    public async Task<ConnectorCall> SubmitAsync(TeamsConversation conversation, TeamsUser who, JsonObject value)
    {
        var before = bot.Teams.Connector.Calls.Count;
        value["verb"] = "notify.subscribe";
        using var response = await bot.Teams.PostAsync(Activities.CardSubmit(bot.Teams.ServiceUrl, conversation, who, value));
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        return await bot.Teams.Connector.WaitForMessageAsync(conversation.Id, c => bot.Teams.Connector.Calls.ToList().IndexOf(c) >= before);
    }

    public async Task<TeamsConversation> SubscribeMeAsync(TeamsUser who)
    {
        var chat = TeamsConversation.Personal(who);
        var answer = await bot.Teams.SayAsync(chat, who, "notify me");
        Assert.Contains("You will get a card here", answer.VisibleText, StringComparison.Ordinal);
        return chat;
    }

    public HubSpotWebhookEvent Event(string subscriptionType, string objectId, DateTimeOffset at, string? property = null, string? value = null) => new()
    {
        EventId = Interlocked.Increment(ref _nextEventId),
        SubscriptionId = 1,
        PortalId = PortalId,
        AppId = 42,
        OccurredAt = at.ToUnixTimeMilliseconds(),
        SubscriptionType = subscriptionType,
        AttemptNumber = 0,
        ObjectId = long.Parse(objectId, CultureInfo.InvariantCulture),
        PropertyName = property,
        PropertyValue = value,
        ChangeSource = "CRM_UI",
        SourceId = "userId:9000003",
    };

    /// <summary>
    /// Hands one batch to the handler like the webhook layer: events sorted by occurredAt; a throw means "offer again"
    /// (after a pause, up to 60 times). Returns the time from hand-over until the handler succeeded.
    /// </summary>
    public async Task<TimeSpan> OfferAsync(IReadOnlyList<HubSpotWebhookEvent> events, ConcurrentBag<Exception>? failures = null)
    {
        var handler = bot.Host.Services.GetRequiredService<IHubSpotEventHandler>();
        var batch = new HubSpotEventBatch(ChannelSimulator.BotTenantId, PortalId, events.OrderBy(e => e.OccurredAt).ToList());
        var started = Stopwatch.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await handler.HandleAsync(batch, CancellationToken.None);
                return Stopwatch.GetElapsedTime(started);
            }
            catch (Exception e) when (attempt < 60)
            {
                failures?.Add(e);
                await Task.Delay(TimeSpan.FromMilliseconds(500));
            }
        }
    }

    /// <summary>Cards the bot posted or updated, keyed by conversation and record (read from the card's Open in HubSpot link).</summary>
    public static IReadOnlyList<CardCall> NotificationCalls(IEnumerable<ConnectorCall> calls) =>
        calls.Where(c => c.Status is >= 200 and < 300 && c.Card?["body"]?.AsArray().FirstOrDefault()?["text"]?.GetValue<string>()?.StartsWith("🔔", StringComparison.Ordinal) == true
                && c.Card?["actions"]?.AsArray().Any(a => a?["title"]?.GetValue<string>() == "Open in HubSpot") == true)
            .Select(c =>
            {
                var url = c.Card!["actions"]!.AsArray().First(a => a!["type"]!.GetValue<string>() == "Action.OpenUrl")!["url"]!.GetValue<string>();
                var parts = url.Split('/');
                var conversation = Uri.UnescapeDataString(c.Path.Split('/')[2]);
                var changes = c.VisibleText.Split('\n').Last(l => l.EndsWith("change", StringComparison.Ordinal) || l.Contains(" changes", StringComparison.Ordinal));
                return new CardCall(c.Method, conversation, parts[^2], parts[^1], int.Parse(changes.Split(' ')[0], CultureInfo.InvariantCulture), c);
            }).ToList();
}

/// <summary>One POST or PUT of a notification card: where, which record (HubSpot type id and record id), how many changes it shows.</summary>
public sealed record CardCall(string Method, string Conversation, string TypeId, string RecordId, int Changes, ConnectorCall Call);
