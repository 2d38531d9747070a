namespace HubSpotTeamsBot.Storage;

/// <summary>A started portal-link sign-in, waiting for HubSpot's callback. Single use; dead after <see cref="ExpiresAt"/>.</summary>
public sealed record PendingSignIn
{
    public required string TenantId { get; init; }

    /// <summary>The OAuth state value (unguessable; the link flow embeds the tenant id in it).</summary>
    public required string State { get; init; }

    public required string RequestedByAadObjectId { get; init; }
    public string? RequestedByName { get; init; }

    /// <summary>Where to tell people the outcome.</summary>
    public string? ConversationId { get; init; }

    public string? ServiceUrl { get; init; }

    /// <summary>Anything else the link flow needs back at the callback (its own JSON). No secrets.</summary>
    public string? Data { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
}
