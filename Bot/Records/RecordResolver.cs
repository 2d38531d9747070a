using HubSpotTeamsBot.HubSpot;

namespace HubSpotTeamsBot.Records;

/// <summary>
/// Turns what a user typed after a command (an email, a name or an id) into the contacts and deals it can mean:
/// none, one, or several for a pick list.
/// </summary>
public sealed class RecordResolver(HubSpotCrmClient crm)
{
    public const int MaxMatches = 8;
    private static readonly string[] ContactProperties = ["firstname", "lastname", "email"];
    private static readonly string[] DealProperties = ["dealname"];

    public async Task<IReadOnlyList<RecordMatch>> ResolveAsync(string tenantId, string text, bool contacts, bool deals, CancellationToken ct)
    {
        var query = text.Trim();
        if (query.Length == 0) return [];

        if (contacts && query.Contains('@', StringComparison.Ordinal))
        {
            var contact = await crm.GetContactByEmailAsync(tenantId, query, ContactProperties, ct);
            return contact is null ? [] : [RecordMatch.Contact(contact)];
        }

        var matches = new List<RecordMatch>();
        if (long.TryParse(query, out _))
        {
            if (contacts && await GetOrNullAsync(CrmObjectType.Contacts, ContactProperties) is { } c) matches.Add(RecordMatch.Contact(c));
            if (deals && await GetOrNullAsync(CrmObjectType.Deals, DealProperties) is { } d) matches.Add(RecordMatch.Deal(d));
            if (matches.Count > 0) return matches;
        }

        if (contacts)
            matches.AddRange((await SearchAsync(CrmObjectType.Contacts, ContactProperties)).Select(RecordMatch.Contact));
        if (deals)
        {
            var found = await SearchAsync(CrmObjectType.Deals, DealProperties);
            // An exact deal name wins over partial matches, so "update deal Acme renewal" needs no pick list.
            var exact = found.Where(d => string.Equals(d["dealname"], query, StringComparison.OrdinalIgnoreCase)).ToList();
            matches.AddRange((exact.Count == 1 && !contacts ? exact : found).Select(RecordMatch.Deal));
        }
        return matches.Take(MaxMatches).ToList();

        async Task<CrmObject?> GetOrNullAsync(CrmObjectType type, string[] properties)
        {
            try
            {
                return await crm.GetAsync(tenantId, type, query, properties, ct: ct);
            }
            catch (HubSpotNotFoundException)
            {
                return null;
            }
        }

        async Task<IReadOnlyList<CrmObject>> SearchAsync(CrmObjectType type, string[] properties) =>
            (await crm.SearchAsync(tenantId, type, new CrmSearchRequest { Query = query, Properties = properties, Limit = MaxMatches }, ct)).Results;
    }
}
