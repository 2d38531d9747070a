using System.Globalization;
using HubSpotTeamsBot.HubSpot;

namespace HubSpotTeamsBot.Features.Contacts;

/// <summary>Finds contacts the way people name them: a HubSpot id, an email, or words of a name.</summary>
public sealed class ContactLookup(HubSpotCrmClient crm)
{
    public const int MaxMatches = 10;

    public async Task<IReadOnlyList<CrmObject>> FindAsync(string tenantId, string query, CancellationToken ct)
    {
        if (query.All(char.IsAsciiDigit))
            return await GetAsync(tenantId, query, ct) is { } byId ? [byId] : [];
        if (query.Contains('@', StringComparison.Ordinal))
            return await crm.GetContactByEmailAsync(tenantId, query, ContactFields.Read, ct) is { } byEmail ? [byEmail] : [];
        var page = await crm.SearchAsync(tenantId, CrmObjectType.Contacts, new CrmSearchRequest
        {
            Query = query,
            Properties = ContactFields.Read,
            Limit = MaxMatches,
        }, ct);
        return page.Results;
    }

    /// <summary>The contact with its form properties, or null when it does not exist.</summary>
    /// <param name="extra">More properties to read (the custom fields an admin put on the form).</param>
    public async Task<CrmObject?> GetAsync(string tenantId, string id, CancellationToken ct, IEnumerable<string>? extra = null)
    {
        try
        {
            var properties = extra is null ? ContactFields.Read : [.. ContactFields.Read.Union(extra, StringComparer.Ordinal)];
            return await crm.GetAsync(tenantId, CrmObjectType.Contacts, id, properties, ct: ct);
        }
        catch (HubSpotNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The record's version stamp for lost-update checks: updatedAt, else HubSpot's last-modified property.</summary>
    public static string? VersionOf(CrmObject record) =>
        record.UpdatedAt?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)
        ?? record["hs_lastmodifieddate"] ?? record[ContactFields.LastModified];
}
