namespace HubSpotTeamsBot.HubSpot;

/// <summary>Every HubSpot path the bot calls, on one screen; the date version comes from <see cref="HubSpotOptions.ApiVersion"/>.</summary>
internal sealed class HubSpotPaths(string version)
{
    public string Objects(CrmObjectType type) => $"crm/objects/{version}/{type.PathSegment()}";

    public string Object(CrmObjectType type, string id) => $"{Objects(type)}/{Escape(id)}";

    public string Search(CrmObjectType type) => $"{Objects(type)}/search";

    public string BatchRead(CrmObjectType type) => $"{Objects(type)}/batch/read";

    public string Owners => $"crm/owners/{version}";

    public string Owner(string ownerId) => $"{Owners}/{Escape(ownerId)}";

    public string DealPipelines => $"crm/pipelines/{version}/deals";

    public string Properties(CrmObjectType type) => $"crm/properties/{version}/{type.PathSegment()}";

    public string Property(CrmObjectType type, string name) => $"{Properties(type)}/{Escape(name)}";

    public string AccountDetails => $"account-info/{version}/details";

    public string Token => $"oauth/{version}/token";

    public string TokenIntrospect => $"{Token}/introspect";

    public string TokenRevoke => $"{Token}/revoke";

    private static string Escape(string segment)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(segment);
        return Uri.EscapeDataString(segment);
    }
}
