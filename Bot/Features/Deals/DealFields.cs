namespace HubSpotTeamsBot.Features.Deals;

/// <summary>Input ids of the deal form and the HubSpot properties each one writes (for mapping 400 field errors back).</summary>
public static class DealFields
{
    public const string Name = "dealname";
    public const string Stage = "stage";
    public const string Amount = "amount";
    public const string CloseDate = "closedate";
    public const string Contact = "contactId";
    public const string ContactText = "contactText";
    public const string Owner = "ownerEmail";

    /// <summary>The form input that shows HubSpot's error about a property.</summary>
    public static string ForProperty(string property) => property switch
    {
        "dealname" => Name,
        "pipeline" or "dealstage" => Stage,
        "amount" => Amount,
        "closedate" => CloseDate,
        "hubspot_owner_id" => Owner,
        _ => Name,
    };
}
