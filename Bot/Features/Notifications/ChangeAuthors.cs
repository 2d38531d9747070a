using System.Globalization;
using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Webhooks;

namespace HubSpotTeamsBot.Features.Notifications;

/// <summary>
/// Who made the changes of a batch, as a card says it: a HubSpot user by name (their owner record, found by user id:
/// webhooks carry <c>sourceId</c> "userId:…", which is not an owner id), this bot's own writes as this bot, another
/// integration by its app id (HubSpot has no API that names another app). A name that cannot be read falls back to
/// "HubSpot user N" rather than failing the batch.
/// </summary>
public sealed class ChangeAuthors
{
    /// <summary>Distinct users looked up per batch; owner reads are cached, and a batch rarely has more than a few authors.</summary>
    public const int MaxLookups = 20;

    public const string ThisBot = "this Teams bot";

    private const string UserPrefix = "userId:";
    private readonly IReadOnlyDictionary<string, string> _names;

    private ChangeAuthors(IReadOnlyDictionary<string, string> names) => _names = names;

    public static readonly ChangeAuthors Unnamed = new(new Dictionary<string, string>());

    public static async Task<ChangeAuthors> LoadAsync(HubSpotCrmClient crm, string tenantId, IEnumerable<HubSpotWebhookEvent> events, ILogger logger, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(crm);
        ArgumentNullException.ThrowIfNull(events);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var userId in events.Select(UserId).OfType<string>().Distinct(StringComparer.Ordinal).Take(MaxLookups))
        {
            try
            {
                if (await crm.GetOwnerByUserIdAsync(tenantId, userId, ct) is { } owner) names[userId] = owner.DisplayName;
            }
            catch (Exception e) when (e is HubSpotException or ArgumentException)
            {
                logger.LogInformation("The name of a HubSpot user who changed a record could not be read ({Error}); the card shows the user id", e.GetType().Name);
            }
        }
        return new ChangeAuthors(names);
    }

    /// <summary>"by Ada Lovelace in HubSpot", "by this Teams bot", "by an import"…; outside text shown literally.</summary>
    public string Describe(HubSpotWebhookEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var user = UserId(e) is { } id ? CardText.Literal(_names.TryGetValue(id, out var name) ? name : $"HubSpot user {id}") : null;
        return (e.ChangeSource?.ToUpperInvariant()) switch
        {
            "CRM_UI" or "CRM" => user is null ? "in HubSpot" : $"by {user} in HubSpot",
            "INTEGRATION" or "API" when user is not null => $"by {user} through an integration",
            "INTEGRATION" or "API" => App(e),
            "IMPORT" => user is null ? "by an import" : $"by an import of {user}",
            "WORKFLOWS" or "AUTOMATION_PLATFORM" => "by a workflow",
            _ => user is null ? "in HubSpot" : $"by {user}",
        };
    }

    /// <summary>The app behind an integration's change: the webhook's own app (this bot) or another app by id.</summary>
    private static string App(HubSpotWebhookEvent e)
    {
        var source = e.SourceId?.Trim();
        if (string.IsNullOrEmpty(source)) return "by an integration";
        if (e.AppId != 0 && source == e.AppId.ToString(CultureInfo.InvariantCulture)) return $"by {ThisBot}";
        return $"by the integration app {CardText.Literal(source)}";
    }

    private static string? UserId(HubSpotWebhookEvent e) =>
        e.SourceId is { } source && source.StartsWith(UserPrefix, StringComparison.Ordinal) && source.Length > UserPrefix.Length
            && source[UserPrefix.Length..].All(char.IsAsciiDigit)
            ? source[UserPrefix.Length..]
            : null;
}
