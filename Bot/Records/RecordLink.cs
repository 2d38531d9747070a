using System.Globalization;
using System.Text.RegularExpressions;
using HubSpotTeamsBot.HubSpot;

namespace HubSpotTeamsBot.Records;

/// <summary>
/// A HubSpot record link pasted in Teams: <c>https://app[-eu1|-na2…].hubspot.com/contacts/{portal}/record/0-1|0-3/{id}</c>
/// or the older <c>/contacts/{portal}/contact/{id}</c> and <c>/contacts/{portal}/deal/{id}</c>; anything after the id
/// (a tab, a query) is ignored. Everything else is not a record link.
/// </summary>
public sealed partial record RecordLink(long PortalId, CrmObjectType Type, string Id)
{
    public static RecordLink? Parse(string? url)
    {
        if (!Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || !HubSpotAppHost().IsMatch(uri.Host))
        {
            return null;
        }

        var match = RecordPath().Match(uri.AbsolutePath);
        if (!match.Success || !long.TryParse(match.Groups["portal"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var portal))
        {
            return null;
        }

        var type = match.Groups["kind"].Value switch
        {
            "record/0-1" or "contact" => CrmObjectType.Contacts,
            "record/0-3" or "deal" => CrmObjectType.Deals,
            _ => (CrmObjectType?)null,
        };
        return type is null ? null : new RecordLink(portal, type.Value, match.Groups["id"].Value);
    }

    // app.hubspot.com and the regional app-eu1 / app-na2 … hosts; nothing else on hubspot.com shows records.
    [GeneratedRegex(@"^app(-[a-z]{2,4}[0-9]{1,2})?\.hubspot\.com$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HubSpotAppHost();

    [GeneratedRegex(@"^/contacts/(?<portal>[0-9]{1,18})/(?<kind>record/0-1|record/0-3|contact|deal)/(?<id>[0-9]{1,18})(/.*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex RecordPath();
}
