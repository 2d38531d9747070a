using System.Text.Json.Nodes;
using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.HubSpot;

namespace HubSpotTeamsBot.Records;

/// <summary>
/// The one owner picker every form (contact, deal, task) shows: the portal's active owners as a searchable
/// <c>Input.ChoiceSet</c> (<c>style: filtered</c>), "Name (you)" first, then the others by name; the value is the owner id.
/// </summary>
public sealed class OwnerPicker(HubSpotCrmClient crm, ILogger<OwnerPicker> logger)
{
    public const string YouSuffix = " (you)";

    /// <summary>The portal's owners ordered for a picker; <see cref="OwnerChoices.Unavailable"/>-like (not listed) when HubSpot cannot say.</summary>
    public async Task<OwnerChoices> LoadAsync(string tenantId, HubSpotOwner? me, CancellationToken ct)
    {
        try
        {
            var owners = await crm.ListOwnersAsync(tenantId, ct);
            return new OwnerChoices(Order(owners, me), me?.Id, Listed: true);
        }
        catch (HubSpotException e)
        {
            // A form must still open while HubSpot is busy: it then asks as it did before the picker existed.
            logger.LogWarning("Owners could not be listed ({Status}, correlation {CorrelationId}); the form falls back.", e.StatusCode, e.CorrelationId);
            return new OwnerChoices(me is null ? [] : [(me.DisplayName + YouSuffix, me.Id)], me?.Id, Listed: false);
        }
    }

    /// <summary>The acting user first as "Name (you)", then the others by name (then email, then id, so ties are stable).</summary>
    public static IReadOnlyList<(string Title, string Value)> Order(IEnumerable<HubSpotOwner> owners, HubSpotOwner? me)
    {
        var active = owners.Where(o => !o.Archived).DistinctBy(o => o.Id).ToList();
        var result = new List<(string Title, string Value)>();
        if (me is not null) result.Add((me.DisplayName + YouSuffix, me.Id));
        result.AddRange(active.Where(o => o.Id != me?.Id)
            .OrderBy(o => o.DisplayName, StringComparer.OrdinalIgnoreCase)
            .ThenBy(o => o.Email, StringComparer.OrdinalIgnoreCase)
            .ThenBy(o => o.Id, StringComparer.Ordinal)
            .Select(o => (Title(o, active), o.Id)));
        return result;
    }

    /// <summary>The searchable picker input; <paramref name="value"/> (an owner id) stays selected when it is among the choices.</summary>
    public static JsonObject Input(string id, string label, IReadOnlyList<(string Title, string Value)> choices, string? value, string placeholder = "(no owner)")
    {
        var input = Inputs.Choice(id, label, choices, value, placeholder: placeholder);
        input["style"] = "filtered";
        return input;
    }

    /// <summary>Two owners with one name are told apart by their email.</summary>
    private static string Title(HubSpotOwner owner, IReadOnlyList<HubSpotOwner> all) =>
        all.Count(o => string.Equals(o.DisplayName, owner.DisplayName, StringComparison.OrdinalIgnoreCase)) > 1 && owner.Email is { } email
            && !string.Equals(email, owner.DisplayName, StringComparison.OrdinalIgnoreCase)
            ? $"{owner.DisplayName} ({email})"
            : owner.DisplayName;
}
