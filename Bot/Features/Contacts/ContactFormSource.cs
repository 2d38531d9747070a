using HubSpotTeamsBot.Features.Common;
using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Records;

namespace HubSpotTeamsBot.Features.Contacts;

/// <summary>Loads the contact form's options: lifecycle stages and lead statuses from HubSpot, the portal's owners (the acting user first).</summary>
public sealed class ContactFormSource(HubSpotCrmClient crm, ActingOwner actingOwner, OwnerPicker ownerPicker)
{
    public async Task<ContactFormOptions> LoadAsync(TurnContext turn, string? currentOwnerId = null)
    {
        var tenant = turn.TenantId ?? string.Empty;
        var properties = await crm.GetEditablePropertiesAsync(tenant, CrmObjectType.Contacts, turn.CancellationToken);
        var me = await actingOwner.FindAsync(turn);
        var owners = (await ownerPicker.LoadAsync(tenant, me, turn.CancellationToken)).Choices.ToList();
        // The record's owner stays shown even when no longer among the active owners (or when they could not be listed).
        if (currentOwnerId is not null && owners.All(o => o.Value != currentOwnerId)
            && await crm.GetOwnerByIdAsync(tenant, currentOwnerId, turn.CancellationToken) is { } current)
        {
            owners.Add((current.DisplayName, current.Id));
        }
        return new ContactFormOptions(Options(properties, ContactFields.LifecycleStage), Options(properties, ContactFields.LeadStatus), owners, me?.Id);
    }

    private static List<(string Title, string Value)> Options(IReadOnlyList<PropertyDefinition> properties, string name) =>
        properties.FirstOrDefault(p => p.Name == name)?.Options
            .Where(o => !o.Hidden)
            .OrderBy(o => o.DisplayOrder ?? int.MaxValue)
            .Select(o => (o.Label, o.Value))
            .ToList() ?? [];
}
