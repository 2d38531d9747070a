namespace HubSpotTeamsBot.HubSpot;

/// <summary>Wire shape of SimplePublicObjectInputForCreate; HubSpot wants <c>associations</c> present even when empty.</summary>
internal sealed record CrmCreateRequest(IReadOnlyDictionary<string, string> Properties, IReadOnlyList<CrmAssociationInput> Associations);

internal sealed record CrmAssociationInput(CrmAssociationTarget To, IReadOnlyList<CrmAssociationSpec> Types);

internal sealed record CrmAssociationTarget(string Id);

internal sealed record CrmAssociationSpec(string AssociationCategory, int AssociationTypeId);

internal sealed record CrmUpdateRequest(IReadOnlyDictionary<string, string> Properties);
