using HubSpotTeamsBot.Records;

namespace HubSpotTeamsBot.Features.Deals;

/// <summary>Resolves the people a deal form names: the associated contact (picked or typed) and the owner (picked, or by email).</summary>
public sealed class DealPeople(RecordResolver resolver, OwnerPicker owners)
{
    public sealed record Resolved(string? ContactId, string? OwnerId, Dictionary<string, string> Errors);

    public async Task<Resolved> ResolveAsync(string tenantId, DealFormState state, bool withContact, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        string? contactId = null;
        if (withContact)
        {
            contactId = state.Value(DealFields.Contact) is { Length: > 0 } picked ? picked : null;
            if (contactId is null && state.Value(DealFields.ContactText) is { Length: > 0 } typed)
            {
                var matches = (await resolver.ResolveAsync(tenantId, typed, contacts: true, deals: false, ct)).ToList();
                if (matches.Count == 1) contactId = matches[0].Id;
                else errors[DealFields.ContactText] = matches.Count == 0
                    ? $"No HubSpot contact matches “{Cards.CardText.Literal(typed)}”. Type their email, or leave this empty."
                    : $"{matches.Count} contacts match “{Cards.CardText.Literal(typed)}”: {string.Join(", ", matches.Take(4).Select(m => Cards.CardText.Literal(m.Subtitle ?? m.Title)))}. Type the email of the one you mean.";
            }
        }

        string? ownerId = null;
        if (state.Value(DealFields.Owner) is { Length: > 0 } owner)
        {
            (ownerId, var error) = await owners.ResolveAsync(tenantId, owner, ct);
            if (error is not null) errors[DealFields.Owner] = error;
        }
        return new Resolved(contactId, ownerId, errors);
    }
}
