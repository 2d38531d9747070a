using System.Text.Json.Nodes;
using HubSpotTeamsBot.BotFramework.Connector;
using HubSpotTeamsBot.BotFramework.Schema;

namespace HubSpotTeamsBot.BotFramework.Routing;

/// <summary>One inbound activity being handled: what arrived, and how to answer in the same conversation.</summary>
public sealed class TurnContext(Activity activity, ConnectorClient connector, IServiceProvider services, CancellationToken cancellationToken)
{
    private string? _text;

    public Activity Activity { get; } = activity;
    public ConnectorClient Connector { get; } = connector;
    public IServiceProvider Services { get; } = services;
    public CancellationToken CancellationToken { get; } = cancellationToken;

    public string? TenantId => Activity.TenantId();

    /// <summary>The user's text with the bot's @mention removed.</summary>
    public string Text => _text ??= Activity.TextWithoutBotMention();

    /// <summary>For a text command: what follows the command phrase, as the user typed it.</summary>
    public string CommandArguments { get; internal set; } = string.Empty;

    /// <summary>
    /// Set when an invoke ran past the budget and Teams already got a "still working" answer: a handler that
    /// finishes later should post its result as a message instead.
    /// </summary>
    public bool InvokeBudgetExceeded { get; internal set; }

    /// <summary>Per-turn values shared between the router's checks and the handler (e.g. the role decision already made).</summary>
    public IDictionary<string, object> Items { get; } = new Dictionary<string, object>(StringComparer.Ordinal);

    /// <summary>Which registered route handled the turn ("command new contact", "invoke composeExtension/query"): only
    /// names the router registered, never the user's text. For telemetry.</summary>
    public string Route { get; internal set; } = "unrouted";

    /// <summary>"ok", "refused" (a known failure told to the user) or "failed" (unhandled). For telemetry.</summary>
    public string Outcome { get; internal set; } = "ok";

    public Task<ResourceResponse> SendAsync(Activity message) =>
        ObservedAsync(message, null, () => Connector.SendAsync(ServiceUrl, ConversationId, message, CancellationToken));

    public Task<ResourceResponse> SendTextAsync(string text) => SendAsync(Activity.Message(text));

    public Task<ResourceResponse> SendCardAsync(JsonObject card, string? text = null) =>
        SendAsync(Activity.Message(text, new Attachment { ContentType = ContentTypes.AdaptiveCard, Content = card }));

    /// <summary>Replaces a message the bot sent earlier, e.g. the card a button was clicked on.</summary>
    public Task<ResourceResponse> UpdateAsync(string activityId, Activity message) =>
        ObservedAsync(message, activityId, () => Connector.UpdateAsync(ServiceUrl, ConversationId, activityId, message, CancellationToken));

    /// <summary>Runs before every send; a queued turn whose claim may have lapsed checks it still owns the turn.</summary>
    internal Func<Task>? SendGuard { get; set; }

    /// <summary>Runs a send with the registered <see cref="IOutgoingMessageObserver"/>s around it.</summary>
    private async Task<ResourceResponse> ObservedAsync(Activity message, string? activityId, Func<Task<ResourceResponse>> send)
    {
        if (SendGuard is { } guard) await guard();
        var observers = Services.GetService(typeof(IEnumerable<IOutgoingMessageObserver>)) as IEnumerable<IOutgoingMessageObserver> ?? [];
        foreach (var observer in observers) await observer.OnSendingAsync(this, message);
        var response = await send();
        foreach (var observer in observers) await observer.OnSentAsync(this, message, response?.Id ?? activityId);
        return response!;
    }

    private string ServiceUrl => Activity.ServiceUrl ?? throw new InvalidOperationException("The activity has no serviceUrl.");

    private string ConversationId => Activity.Conversation?.Id ?? throw new InvalidOperationException("The activity has no conversation id.");
}
