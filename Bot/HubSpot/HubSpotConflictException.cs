namespace HubSpotTeamsBot.HubSpot;

/// <summary>409: the record already exists (e.g. a contact with the same email); <see cref="ExistingId"/> when HubSpot names it.</summary>
public sealed class HubSpotConflictException(string message, string? existingId, string? category, string? correlationId)
    : HubSpotException(message, 409, category, correlationId)
{
    public string? ExistingId { get; } = existingId;
}
