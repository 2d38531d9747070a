namespace HubSpotTeamsBot.Storage;

/// <summary>What the bot needs to message a conversation or a user proactively.</summary>
public sealed record ConversationReference
{
    public required string TenantId { get; init; }
    public required string ConversationId { get; init; }

    /// <summary>"personal", "groupChat" or "channel", as Teams sends it.</summary>
    public string? ConversationType { get; init; }

    public required string ServiceUrl { get; init; }

    /// <summary>The bot's channel account id (28:...).</summary>
    public required string BotId { get; init; }

    public string? BotName { get; init; }

    /// <summary>The user's channel account id (29:...).</summary>
    public string? UserId { get; init; }

    public string? UserAadObjectId { get; init; }
    public string? UserName { get; init; }

    /// <summary>When the store last saw this reference; set by the store.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
