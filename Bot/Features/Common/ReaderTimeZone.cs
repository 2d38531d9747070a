using System.Text.Json;
using HubSpotTeamsBot.BotFramework.Schema;

namespace HubSpotTeamsBot.Features.Common;

/// <summary>
/// The time zone of the person acting: Teams sends it with each activity (<c>localTimezone</c>, an IANA id, and the
/// <c>clientInfo</c> entity's <c>timezone</c>). Times they type are in this zone; UTC when the client did not say.
/// </summary>
public static class ReaderTimeZone
{
    public static TimeZoneInfo Of(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var id = activity.Extra is { } extra && extra.TryGetValue("localTimezone", out var local) && local.ValueKind == JsonValueKind.String
            ? local.GetString()
            : Str(activity.Entities?.FirstOrDefault(e => Str(e["type"]) == "clientInfo")?["timezone"]);
        return FromId(id);
    }

    /// <summary>The zone with this IANA id (from a client or HubSpot's account settings); UTC for anything else.</summary>
    public static TimeZoneInfo FromId(string? id)
    {
        // Outside data: anything that is not a short zone id is no zone at all.
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64 || id.Contains("..", StringComparison.Ordinal)) return TimeZoneInfo.Utc;
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException or IOException
                                      or UnauthorizedAccessException or System.Security.SecurityException)
        {
            return TimeZoneInfo.Utc;
        }
    }

    private static string? Str(System.Text.Json.Nodes.JsonNode? node) =>
        node is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>How a form names the zone next to a time field: its IANA id, or "UTC".</summary>
    public static string Name(TimeZoneInfo zone) => zone == TimeZoneInfo.Utc ? "UTC" : zone.Id;
}
