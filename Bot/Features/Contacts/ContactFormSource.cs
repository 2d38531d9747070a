using HubSpotTeamsBot.Features.Common;
using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.HubSpot;

namespace HubSpotTeamsBot.Features.Contacts;

/// <summary>Loads the contact form's options: lifecycle stages and lead statuses from HubSpot, owners the form can offer.</summary>
public sealed class ContactFormSource(HubSpotCrmClient crm, ActingOwner actingOwner)
{
    public async Task<ContactFormOptions> LoadAsync(TurnContext turn, string? currentOwnerId = null)
    {
        var tenant = turn.TenantId ?? string.Empty;
        var properties = await crm.GetEditablePropertiesAsync(tenant, CrmObjectType.Contacts, turn.CancellationToken);
        var me = await actingOwner.FindAsync(turn);
        var owners = new List<(string Title, string Value)>();
        if (me is not null) owners.Add((me.DisplayName + " (you)", me.Id));
        if (currentOwnerId is not null && currentOwnerId != me?.Id
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
