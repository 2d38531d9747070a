using System.Globalization;
using HubSpotTeamsBot.HubSpot;

namespace HubSpotTeamsBot.Features.Contacts;

/// <summary>The contact's version stamp a form carries for lost-update checks.</summary>
public static class ContactVersion
{
    /// <summary>updatedAt, else HubSpot's last-modified property.</summary>
    public static string? Of(CrmObject record) =>
        record.UpdatedAt?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)
        ?? record["hs_lastmodifieddate"] ?? record[ContactFields.LastModified];
}
