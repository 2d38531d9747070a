using System.Globalization;
using System.Text;

namespace HubSpotTeamsBot.Storage;

/// <summary>
/// Turns ids from Teams and HubSpot into partition and row keys. Table keys may not hold '/', '\', '#', '?' or
/// control characters; Teams conversation ids are free-form, so those (and '%', the escape itself) are
/// percent-encoded, which keeps the mapping one-to-one.
/// </summary>
internal static class TableKey
{
    public static string Tenant(string tenantId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        return Escape(tenantId);
    }

    public static string Escape(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        if (!value.Any(NeedsEscape))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (NeedsEscape(c))
            {
                builder.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static bool NeedsEscape(char c) =>
        c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c);
}
