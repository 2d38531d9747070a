using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Records;

namespace HubSpotTeamsBot.Features.MessageExtension;

/// <summary>What the user's typed text found: one record, several to choose from, or none.</summary>
public sealed record ResolvedRecords(IReadOnlyList<(CrmObjectType Type, CrmObject Record)> Matches);

/// <summary>
/// Turns what the user typed in the Log to HubSpot dialog into records: an email is looked up exactly, anything else
/// is searched among contacts (name, email, company) and deals (name). Hosts without typeahead rely on this.
/// </summary>
public sealed class RecordResolver(HubSpotCrmClient crm)
{
    private const int MaxChoices = 8;

    public async Task<ResolvedRecords> FindAsync(string tenantId, string text, CancellationToken ct)
    {
        var typed = text.Trim();
        if (typed.Contains('@', StringComparison.Ordinal) && !typed.Contains(' ', StringComparison.Ordinal))
        {
            var contact = await crm.GetContactByEmailAsync(tenantId, typed, RecordProperties.Contact, ct);
            return new ResolvedRecords(contact is null ? [] : [(CrmObjectType.Contacts, contact)]);
        }

        var contacts = crm.SearchAsync(tenantId, CrmObjectType.Contacts, new CrmSearchRequest { Query = typed, Properties = RecordProperties.Contact, Limit = MaxChoices }, ct);
        var deals = crm.SearchAsync(tenantId, CrmObjectType.Deals, new CrmSearchRequest { Query = typed, Properties = RecordProperties.Deal, Limit = MaxChoices }, ct);
        var found = (await contacts).Results.Select(r => (CrmObjectType.Contacts, r))
            .Concat((await deals).Results.Select(r => (CrmObjectType.Deals, r)))
            .ToList();

        // An exact name is the one meant, even when it is also the prefix of others ("Ada Lovelace" vs "Ada Lovelace Jr").
        var exact = found.Where(f => string.Equals(Title(f.Item1, f.Item2), typed, StringComparison.OrdinalIgnoreCase)).ToList();
        return new ResolvedRecords(exact.Count == 1 ? exact : found.Take(MaxChoices).ToList());
    }

    public static string Title(CrmObjectType type, CrmObject record) =>
        type == CrmObjectType.Deals ? RecordSummary.ForDeal(record, null).Title : RecordSummary.ForContact(record).Title;

    /// <summary>"contact:123" / "deal:45", the value our choice lists and typeahead answer with.</summary>
    public static string ChoiceValue(CrmObjectType type, string id) => $"{ComposeSearchFeature.Noun(type)}:{id}";

    public static (CrmObjectType Type, string Id)? ParseChoice(string? value)
    {
        var parts = value?.Split(':', 2);
        if (parts is not { Length: 2 } || string.IsNullOrWhiteSpace(parts[1]) || !parts[1].All(char.IsAsciiDigit)) return null;
        return ComposeSearchFeature.ParseType(parts[0]) is { } type ? (type, parts[1]) : null;
    }
}
