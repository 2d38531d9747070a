namespace HubSpotTeamsBot.Features.MessageExtension;

/// <summary>Command ids as the Teams manifest declares them (manifest/manifest.template.json).</summary>
public static class SearchCommands
{
    public const string SearchContacts = "searchContacts";
    public const string SearchDeals = "searchDeals";
    public const string LogToHubSpot = "logToHubSpot";
}
