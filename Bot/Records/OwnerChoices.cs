namespace HubSpotTeamsBot.Records;

/// <summary>
/// What an owner picker offers: the portal's active owners, the acting user first. <see cref="Listed"/> is false when
/// HubSpot could not list them; forms then fall back to what they asked before (a typed email, or just "(you)").
/// </summary>
public sealed record OwnerChoices(IReadOnlyList<(string Title, string Value)> Choices, string? ActingOwnerId, bool Listed)
{
    public static readonly OwnerChoices Unavailable = new([], null, false);

    public string? Title(string? ownerId) =>
        ownerId is null ? null : Choices.FirstOrDefault(c => c.Value == ownerId) is { Value: not null } choice ? choice.Title : null;
}
