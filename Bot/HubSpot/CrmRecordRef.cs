namespace HubSpotTeamsBot.HubSpot;

/// <summary>Points at an existing record, e.g. the contact a note is logged on.</summary>
public sealed record CrmRecordRef(CrmObjectType Type, string Id);
