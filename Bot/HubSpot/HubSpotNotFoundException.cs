namespace HubSpotTeamsBot.HubSpot;

/// <summary>404: the record, owner or property does not exist (or was archived).</summary>
public sealed class HubSpotNotFoundException(string message, string? category, string? correlationId)
    : HubSpotException(message, 404, category, correlationId);
