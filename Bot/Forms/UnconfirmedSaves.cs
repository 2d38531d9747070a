using System.Globalization;
using HubSpotTeamsBot.HubSpot;

namespace HubSpotTeamsBot.Forms;

/// <summary>
/// Looks in HubSpot for the record a create may have left behind when HubSpot failed to confirm it (see
/// <see cref="FormWrite.FindUnconfirmed"/>): records of the type created since the attempt began that match on the
/// given properties. HubSpot's search lags new records by a few seconds, so this narrows the chance of a duplicate
/// rather than ruling it out; the sandbox indexes at once.
/// </summary>
public static class UnconfirmedSaves
{
    /// <summary>How far HubSpot's clock may lag ours when matching a record to an unconfirmed save.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(2);

    public static async Task<string?> FindAsync(HubSpotCrmClient crm, string tenantId, CrmObjectType type, DateTimeOffset since,
        IReadOnlyDictionary<string, string> match, CrmRecordRef? associatedWith, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(crm);
        ArgumentNullException.ThrowIfNull(match);
        var created = type.IsEngagement() ? "hs_createdate" : "createdate";
        var filters = new List<CrmFilter>
        {
            new(created, CrmFilterOperator.Gte, (since - ClockSkew).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)),
        };
        if (associatedWith is { } record)
            filters.Add(new CrmFilter($"associations.{(record.Type == CrmObjectType.Deals ? "deal" : "contact")}", CrmFilterOperator.Eq, record.Id));
        // Short values narrow the search on HubSpot's side; long ones (a note's body) are compared here.
        filters.AddRange(match.Where(p => p.Value.Length <= 200).Take(3).Select(p => new CrmFilter(p.Key, CrmFilterOperator.Eq, p.Value)));

        var page = await crm.SearchAsync(tenantId, type, new CrmSearchRequest
        {
            FilterGroups = [new CrmFilterGroup(filters)],
            Properties = [.. match.Keys],
            Limit = 20,
        }, ct);
        return page.Results.FirstOrDefault(r => match.All(p => string.Equals(r[p.Key], p.Value, StringComparison.Ordinal)))?.Id;
    }
}
