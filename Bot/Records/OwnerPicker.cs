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
        // A record's owner who is no longer active stays selected: dropping it would clear the owner on an unrelated save.
        var list = value is { Length: > 0 } && RecordId.IsValid(value) && choices.All(c => c.Value != value)
            ? [.. choices, ($"Owner {value} (not active)", value)]
            : choices;
        var input = Inputs.Choice(id, label, list, value, placeholder: placeholder);
        input["style"] = "filtered";
        return input;
    }

    /// <summary>
    /// The owner id a form's owner field names: an owner id chosen in the picker, or an email typed where the form fell
    /// back to an email box. Error is the message shown under the field when it names no active owner.
    /// </summary>
    public async Task<(string? OwnerId, string? Error)> ResolveAsync(string tenantId, string value, CancellationToken ct)
    {
        value = value.Trim();
        if (value.Contains('@', StringComparison.Ordinal))
        {
            return await crm.GetOwnerByEmailAsync(tenantId, value, ct) is { Archived: false } byEmail
                ? (byEmail.Id, null)
                : (null, $"No active HubSpot user has the email {CardText.Literal(value)}.");
        }
        if (!RecordId.IsValid(value)) return (null, "Choose an owner from the list, or enter their email address.");
        // The list the picker was built from is cached: a chosen owner is then known without another HubSpot call.
        if ((await crm.ListOwnersAsync(tenantId, ct)).FirstOrDefault(o => o.Id == value) is { Archived: false } listed) return (listed.Id, null);
        return await crm.GetOwnerByIdAsync(tenantId, value, ct) is { Archived: false } byId
            ? (byId.Id, null)
            : (null, "That owner is no longer an active HubSpot user. Choose another.");
    }

    /// <summary>Two owners with one name are told apart by their email.</summary>
    private static string Title(HubSpotOwner owner, IReadOnlyList<HubSpotOwner> all) =>
        all.Count(o => string.Equals(o.DisplayName, owner.DisplayName, StringComparison.OrdinalIgnoreCase)) > 1 && owner.Email is { } email
            && !string.Equals(email, owner.DisplayName, StringComparison.OrdinalIgnoreCase)
            ? $"{owner.DisplayName} ({email})"
            : owner.DisplayName;
}
