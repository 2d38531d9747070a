using HubSpotTeamsBot.HubSpot;

namespace HubSpotTeamsBot.Records;

/// <summary>
/// Who a deal card names as the deal's contacts: "Ada Lovelace, Grace Hopper and 2 more". The associated ids come with
/// the deal read (<c>associations=contacts</c>, or one read for them when the deal came from a write); the names from
/// one batch read of at most <see cref="Shown"/> contacts, so a card costs at most two HubSpot calls more, both
/// through the portal's shared budget. When HubSpot can't say right now, the card simply has no contacts line.
/// </summary>
public static class DealContactNames
{
    public const int Shown = 3;

    private static readonly string[] NameProperties = ["firstname", "lastname", "email"];

    public static async Task<string?> ReadAsync(HubSpotCrmClient crm, string tenantId, CrmObject deal, ILogger logger, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(crm);
        ArgumentNullException.ThrowIfNull(deal);
        try
        {
            var associated = deal.Associations ?? (await crm.GetAsync(tenantId, CrmObjectType.Deals, deal.Id, ["dealname"], [CrmObjectType.Contacts], ct)).Associations;
            var ids = associated is not null && associated.TryGetValue("contacts", out var list)
                ? list.Results.Select(r => r.Id).Where(RecordId.IsValid).Distinct(StringComparer.Ordinal).ToList()
                : [];
            if (ids.Count == 0) return null;
            var read = await crm.BatchReadAsync(tenantId, CrmObjectType.Contacts, ids.Take(Shown), NameProperties, ct);
            var names = ids.Take(Shown).Select(id => read.FirstOrDefault(c => c.Id == id)).OfType<CrmObject>().Select(RecordNames.Contact).ToList();
            return Say(names, ids.Count - names.Count);
        }
        catch (HubSpotException e) when (e is not HubSpotAuthException)
        {
            logger.LogInformation("Deal contacts unavailable ({Status}); the card shows none.", e.StatusCode);
            return null;
        }
    }

    /// <summary>A single record's card names a deal's contacts; a contact's card has no such line.</summary>
    public static async Task<string?> ForCardAsync(HubSpotCrmClient crm, string tenantId, CrmObjectType type, CrmObject record, ILogger logger, CancellationToken ct) =>
        type == CrmObjectType.Deals ? await ReadAsync(crm, tenantId, record, logger, ct) : null;

    /// <summary>"A", "A and B", "A, B and C", "A, B, C and 4 more".</summary>
    public static string? Say(IReadOnlyList<string> names, int more)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (names.Count == 0) return more > 0 ? $"{more} contact{(more == 1 ? "" : "s")}" : null;
        if (more > 0) return $"{string.Join(", ", names)} and {more} more";
        return names.Count == 1 ? names[0] : $"{string.Join(", ", names.Take(names.Count - 1))} and {names[^1]}";
    }
}
