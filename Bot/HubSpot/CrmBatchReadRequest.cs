namespace HubSpotTeamsBot.HubSpot;

/// <summary>Body of <c>POST /crm/objects/{version}/{type}/batch/read</c> (BatchReadInputSimplePublicObjectId).</summary>
internal sealed record CrmBatchReadRequest(IReadOnlyList<string> Properties, IReadOnlyList<CrmBatchReadInput> Inputs);

internal sealed record CrmBatchReadInput(string Id);
