using System.Globalization;
using HubSpotTeamsBot.HubSpot;

namespace HubSpotTeamsBot.Features.Notifications;

/// <summary>Which subscriptions a change concerns, given the record as HubSpot holds it now.</summary>
public static class SubscriptionMatcher
{
    public static bool Matches(NotificationSubscription subscription, RecordChange change, CrmObject? record)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(change);
        // A record HubSpot no longer returns (deleted since) has nothing to show.
        if (!subscription.IsActive || record is null) return false;
        return subscription.Kind switch
        {
            SubscriptionKind.Deals => DealMatches(subscription, change, record),
            SubscriptionKind.Contacts => change.Type == CrmObjectType.Contacts && change.Kind == ChangeKind.Created
                && Same(subscription.LifecycleStage, record["lifecyclestage"]) && Same(subscription.OwnerId, record["hubspot_owner_id"]),
            SubscriptionKind.Personal => PersonalMatches(subscription, change, record),
            _ => false,
        };
    }

    private static bool DealMatches(NotificationSubscription s, RecordChange change, CrmObject deal)
    {
        if (change.Type != CrmObjectType.Deals) return false;
        // A new deal "enters" its first stage; a stage change enters the event's stage (the record may have moved on since).
        var entered = change.Kind switch
        {
            ChangeKind.StageChanged => change.NewValue,
            ChangeKind.Created => deal["dealstage"],
            _ => null,
        };
        if (entered is null) return false;
        if (!Same(s.StageId, entered) || !Same(s.PipelineId, deal["pipeline"]) || !Same(s.OwnerId, deal["hubspot_owner_id"])) return false;
        if (s.MinAmount is { } min)
        {
            if (!decimal.TryParse(deal["amount"], NumberStyles.Number, CultureInfo.InvariantCulture, out var amount) || amount < min) return false;
        }
        return true;
    }

    /// <summary>Their deals changing stage, and deals, contacts and tasks assigned to them (created with them as owner or reassigned to them).</summary>
    private static bool PersonalMatches(NotificationSubscription s, RecordChange change, CrmObject record)
    {
        if (string.IsNullOrEmpty(s.OwnerId)) return false;
        return change.Kind switch
        {
            ChangeKind.StageChanged => record["hubspot_owner_id"] == s.OwnerId,
            ChangeKind.OwnerChanged => change.NewValue == s.OwnerId,
            ChangeKind.Created => record["hubspot_owner_id"] == s.OwnerId,
            _ => false,
        };
    }

    private static bool Same(string? filter, string? value) => filter is null || string.Equals(filter, value, StringComparison.Ordinal);
}
