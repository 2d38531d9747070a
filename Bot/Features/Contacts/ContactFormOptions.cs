namespace HubSpotTeamsBot.Features.Contacts;

/// <summary>The choices the contact form offers, read from the portal (cached by the HubSpot client).</summary>
public sealed record ContactFormOptions(
    IReadOnlyList<(string Title, string Value)> LifecycleStages,
    IReadOnlyList<(string Title, string Value)> LeadStatuses,
    IReadOnlyList<(string Title, string Value)> Owners,
    string? ActingOwnerId)
{
    /// <summary>Labels for option values, for record cards.</summary>
    public IReadOnlyDictionary<string, string> Labels =>
        LifecycleStages.Concat(LeadStatuses).GroupBy(o => o.Value).ToDictionary(g => g.Key, g => g.First().Title);

    public string? OwnerName(string? ownerId) =>
        ownerId is null ? null : Owners.FirstOrDefault(o => o.Value == ownerId) is { Value: not null } owner ? owner.Title : null;
}
