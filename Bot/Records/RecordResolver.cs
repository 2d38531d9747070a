using System.Globalization;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Storage;

namespace HubSpotTeamsBot.Records;

/// <summary>Which record kinds a lookup may answer with.</summary>
[Flags]
public enum RecordKinds
{
    Contacts = 1,
    Deals = 2,
    Any = Contacts | Deals,
}

/// <summary>What a lookup may find, what it reads of each record, and how many matches it returns at most.</summary>
public sealed record RecordQuery(RecordKinds Kinds)
{
    public IReadOnlyList<string> ContactProperties { get; init; } = RecordProperties.Contact;

    public IReadOnlyList<string> DealProperties { get; init; } = RecordProperties.Deal;

    public int Limit { get; init; } = RecordResolver.MaxMatches;

    public bool Allows(CrmObjectType type) => Kinds.HasFlag(type == CrmObjectType.Deals ? RecordKinds.Deals : RecordKinds.Contacts);

    public IReadOnlyList<string> PropertiesOf(CrmObjectType type) => type == CrmObjectType.Deals ? DealProperties : ContactProperties;
}

/// <summary>A record a lookup found, with its type.</summary>
public sealed record FoundRecord(CrmObjectType Type, CrmObject Record)
{
    public string Title => RecordNames.Title(Type, Record);
}

/// <summary>
/// The one way the bot turns what a person typed — a HubSpot record link, an id, an email, or words of a name — into
/// the contacts and deals it can mean: none, one, or several for a pick list. Commands (edit contact, update deal,
/// log note), the deal form's contact field and the Log to HubSpot dialog all resolve through it.
/// </summary>
public sealed class RecordResolver(HubSpotCrmClient crm, PortalLinkStore portals)
{
    public const int MaxMatches = 8;

    public async Task<IReadOnlyList<FoundRecord>> FindAsync(string tenantId, string text, RecordQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var typed = (text ?? string.Empty).Trim();
        if (typed.Length == 0) return [];

        if (RecordLink.Parse(typed) is { } link)
        {
            // A link to another portal's record finds nothing: its id means another record (or none) in the linked portal.
            if (!query.Allows(link.Type) || (await portals.GetAsync(tenantId, ct))?.PortalId != link.PortalId) return [];
            return await GetAsync(tenantId, link.Type, link.Id, query.PropertiesOf(link.Type), ct) is { } linked ? [new FoundRecord(link.Type, linked)] : [];
        }

        if (query.Allows(CrmObjectType.Contacts) && typed.Contains('@', StringComparison.Ordinal) && !typed.Any(char.IsWhiteSpace))
        {
            var contact = await crm.GetContactByEmailAsync(tenantId, typed, query.ContactProperties, ct);
            return contact is null ? [] : [new FoundRecord(CrmObjectType.Contacts, contact)];
        }

        if (long.TryParse(typed, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            var byId = new List<FoundRecord>();
            foreach (var type in Types(query))
            {
                if (await GetAsync(tenantId, type, typed, query.PropertiesOf(type), ct) is { } record) byId.Add(new FoundRecord(type, record));
            }

            // A number that is no record's id may still be part of a name or a phone number: search for it.
            if (byId.Count > 0) return byId;
        }

        // One kind after the other, as HubSpot's per-portal budget is shared by the whole turn.
        var found = new List<FoundRecord>();
        foreach (var type in Types(query)) found.AddRange(await SearchAsync(type));

        // An exact name is the one meant, even when it is also the prefix of others ("Ada Lovelace" vs "Ada Lovelace Jr"),
        // so "update deal Acme renewal" needs no pick list.
        var exact = found.Where(f => string.Equals(f.Title, typed, StringComparison.OrdinalIgnoreCase)).ToList();
        return exact.Count == 1 ? exact : found.Take(query.Limit).ToList();

        async Task<IEnumerable<FoundRecord>> SearchAsync(CrmObjectType type) =>
            (await crm.SearchAsync(tenantId, type, new CrmSearchRequest { Query = typed, Properties = query.PropertiesOf(type), Limit = query.Limit }, ct))
            .Results.Select(r => new FoundRecord(type, r));
    }

    /// <summary>The contacts and deals the text can mean, as pick-list entries (contacts first).</summary>
    public async Task<IReadOnlyList<RecordMatch>> ResolveAsync(string tenantId, string text, bool contacts, bool deals, CancellationToken ct)
    {
        var kinds = (contacts ? RecordKinds.Contacts : 0) | (deals ? RecordKinds.Deals : 0);
        if (kinds == 0) return [];
        return (await FindAsync(tenantId, text, new RecordQuery(kinds), ct)).Select(RecordMatch.From).ToList();
    }

    /// <summary>The record with these properties, or null when it does not exist.</summary>
    public async Task<CrmObject?> GetAsync(string tenantId, CrmObjectType type, string id, IReadOnlyList<string> properties, CancellationToken ct)
    {
        try
        {
            return await crm.GetAsync(tenantId, type, id, properties, ct: ct);
        }
        catch (HubSpotNotFoundException)
        {
            return null;
        }
    }

    public static string Title(CrmObjectType type, CrmObject record) => RecordNames.Title(type, record);

    /// <summary>"contact:123" / "deal:45", the value our choice lists and typeahead answer with.</summary>
    public static string ChoiceValue(CrmObjectType type, string id) => $"{RecordNames.Noun(type)}:{id}";

    public static (CrmObjectType Type, string Id)? ParseChoice(string? value)
    {
        var parts = value?.Split(':', 2);
        if (parts is not { Length: 2 } || string.IsNullOrWhiteSpace(parts[1]) || !parts[1].All(char.IsAsciiDigit)) return null;
        return RecordNames.ParseNoun(parts[0]) is { } type ? (type, parts[1]) : null;
    }

    private static IEnumerable<CrmObjectType> Types(RecordQuery query) =>
        new[] { CrmObjectType.Contacts, CrmObjectType.Deals }.Where(query.Allows);
}
