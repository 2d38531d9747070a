using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.Features.MessageExtension;

/// <summary>
/// The records a person touched lately through the bot, newest first, read from the audit log (every write is
/// audited with the record it changed), so the search's first screen shows what they are working on.
/// </summary>
public sealed class RecentRecords(AuditLog audit, IOptions<MessageExtensionOptions> options)
{
    public async Task<IReadOnlyList<string>> IdsAsync(string tenantId, string aadObjectId, CrmObjectType type, int max, CancellationToken ct)
    {
        var page = await audit.ReadPageAsync(tenantId, options.Value.RecentAuditEntries, null, ct);
        return page.Entries
            .Where(e => e.ActorAadObjectId == aadObjectId && !string.IsNullOrEmpty(e.ObjectId) && IsType(e.ObjectType, type)
                && e.Outcome != Features.Common.AuditOutcomes.Denied)
            .Select(e => e.ObjectId!)
            .Distinct(StringComparer.Ordinal)
            .Take(max)
            .ToList();
    }

    // Features name the object type "contact" or "contacts" (and HubSpot's "0-1"); accept each.
    private static bool IsType(string? objectType, CrmObjectType type) => objectType?.ToLowerInvariant() switch
    {
        "contact" or "contacts" or "0-1" => type == CrmObjectType.Contacts,
        "deal" or "deals" or "0-3" => type == CrmObjectType.Deals,
        _ => false,
    };
}
