using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Webhooks;

namespace HubSpotTeamsBot.Features.Notifications;

public enum ChangeKind
{
    Created,
    StageChanged,
    OwnerChanged,
    LifecycleChanged,
    Deleted,
    Other,
}

/// <summary>One webhook event read as "what happened to which record".</summary>
public sealed record RecordChange(HubSpotWebhookEvent Event, CrmObjectType Type, ChangeKind Kind)
{
    public string RecordId => Event.ObjectId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public string? NewValue => Event.PropertyValue;

    public DateTimeOffset OccurredAt => DateTimeOffset.FromUnixTimeMilliseconds(Event.OccurredAt);

    /// <summary>Null for events the notifications do not use (other object types, unknown subscription types).</summary>
    public static RecordChange? From(HubSpotWebhookEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.ObjectId <= 0) return null;
        var parts = e.SubscriptionType.Split('.', 2);
        if (parts.Length != 2) return null;
        CrmObjectType? type = parts[0].ToLowerInvariant() switch
        {
            "deal" => CrmObjectType.Deals,
            "contact" => CrmObjectType.Contacts,
            "task" => CrmObjectType.Tasks,
            // Generic object events name the type by HubSpot's object type id.
            "object" => e.ObjectTypeId switch { "0-3" => CrmObjectType.Deals, "0-1" => CrmObjectType.Contacts, "0-27" => CrmObjectType.Tasks, _ => null },
            _ => null,
        };
        if (type is null) return null;
        var kind = parts[1].ToLowerInvariant() switch
        {
            "creation" => ChangeKind.Created,
            "deletion" => ChangeKind.Deleted,
            "propertychange" => e.PropertyName switch
            {
                "dealstage" when type == CrmObjectType.Deals => ChangeKind.StageChanged,
                "hubspot_owner_id" => ChangeKind.OwnerChanged,
                "lifecyclestage" when type == CrmObjectType.Contacts => ChangeKind.LifecycleChanged,
                _ => ChangeKind.Other,
            },
            _ => ChangeKind.Other,
        };
        return new RecordChange(e, type.Value, kind);
    }
}
