namespace HubSpotTeamsBot.HubSpot;

/// <summary>One page of search results; <see cref="NextAfter"/> is null on the last page.</summary>
public sealed record CrmSearchPage(long Total, IReadOnlyList<CrmObject> Results, string? NextAfter);

/// <summary>Wire shape of CollectionResponseWithTotalSimplePublicObject.</summary>
internal sealed record CrmCollectionResponse<T>(IReadOnlyList<T>? Results, CrmPaging? Paging, long? Total = null);

internal sealed record CrmPaging(CrmNextPage? Next);

internal sealed record CrmNextPage(string? After, string? Link);
