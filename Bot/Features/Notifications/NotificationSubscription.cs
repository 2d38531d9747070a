namespace HubSpotTeamsBot.Features.Notifications;

/// <summary>What a subscription listens to.</summary>
public enum SubscriptionKind
{
    /// <summary>A channel or group chat told about deals entering a stage (or any stage change) and new deals.</summary>
    Deals,

    /// <summary>A channel or group chat told about new contacts.</summary>
    Contacts,

    /// <summary>One person told, in their personal chat, about their own deals, contacts and tasks.</summary>
    Personal,
}

/// <summary>
/// One subscription: where cards go (the conversation reference, stored with it so delivery needs nothing else) and
/// which changes qualify. Filters left null match everything.
/// </summary>
public sealed record NotificationSubscription
{
    public required string TenantId { get; init; }
    public required string Id { get; init; }
    public required SubscriptionKind Kind { get; init; }

    public required string ConversationId { get; init; }
    public string? ConversationType { get; init; }
    public required string ServiceUrl { get; init; }
    public required string BotId { get; init; }

    /// <summary>Deals: only this pipeline.</summary>
    public string? PipelineId { get; init; }

    /// <summary>Deals: only deals entering this stage; null means any stage change.</summary>
    public string? StageId { get; init; }

    /// <summary>Deals: only deals of at least this amount.</summary>
    public decimal? MinAmount { get; init; }

    /// <summary>Deals and contacts: only records of this HubSpot owner. Personal: the subscriber's own owner id.</summary>
    public string? OwnerId { get; init; }

    /// <summary>Contacts: only new contacts in this lifecycle stage.</summary>
    public string? LifecycleStage { get; init; }

    /// <summary>Personal: the subscriber (their Entra object id and name).</summary>
    public string? UserAadObjectId { get; init; }

    public required string CreatedByAadObjectId { get; init; }
    public string? CreatedByName { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Set when Teams said the bot can no longer post there (removed from the team, blocked by the user).</summary>
    public DateTimeOffset? DisabledAt { get; init; }
    public string? DisabledReason { get; init; }

    public bool IsActive => DisabledAt is null;

    public string? ETag { get; init; }
}
