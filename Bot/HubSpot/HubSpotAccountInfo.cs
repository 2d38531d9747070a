namespace HubSpotTeamsBot.HubSpot;

/// <summary>Account details (<c>/account-info/{v}/details</c>): the UI host for record links, time zone and currency.</summary>
public sealed record HubSpotAccountInfo(
    long PortalId,
    string? AccountType = null,
    string? TimeZone = null,
    string? CompanyCurrency = null,
    IReadOnlyList<string>? AdditionalCurrencies = null,
    string? UtcOffset = null,
    long? UtcOffsetMilliseconds = null,
    string? UiDomain = null,
    string? DataHostingLocation = null);
