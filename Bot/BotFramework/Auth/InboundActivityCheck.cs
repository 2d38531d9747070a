using System.Net;
using System.Security.Claims;
using HubSpotTeamsBot.BotFramework.Schema;

namespace HubSpotTeamsBot.BotFramework.Auth;

/// <summary>
/// The checks that need the parsed activity as well as the validated token (docs/teams-protocol.md, "Validation
/// steps", steps 4–5), which most
/// SDKs skip: the signing key must be endorsed for the activity's channel, the token's <c>serviceurl</c> claim must
/// match the activity's serviceUrl, and the tenant must be allowed.
/// </summary>
public static class InboundActivityCheck
{
    public const string TeamsChannel = "msteams";

    public sealed record Refusal(HttpStatusCode Status, string Reason);

    public static Refusal? Check(ClaimsPrincipal principal, Activity activity, BotOptions options)
    {
        var channel = activity.ChannelId;
        if (string.IsNullOrEmpty(channel) || !principal.FindAll(BotAuthentication.EndorsementClaim).Any(c => string.Equals(c.Value, channel, StringComparison.OrdinalIgnoreCase)))
            return new(HttpStatusCode.Unauthorized, $"signing key is not endorsed for channel '{channel}'");

        // The bot trusts from.aadObjectId and channelData.tenant only because Teams sets them. A key endorsed for another
        // channel (Web Chat / Direct Line, where the client writes those fields itself) must not reach a handler, or
        // anyone could claim any Teams identity (found by the reliability security matrix).
        if (!string.Equals(channel, TeamsChannel, StringComparison.OrdinalIgnoreCase))
            return new(HttpStatusCode.Forbidden, $"channel '{channel}' is not served; this bot answers Microsoft Teams only");

        var claimed = principal.FindFirst(BotAuthentication.ServiceUrlClaim)?.Value;
        if (claimed is null || activity.ServiceUrl is null || !SameServiceUrl(claimed, activity.ServiceUrl))
            return new(HttpStatusCode.Unauthorized, "serviceurl claim does not match the activity's serviceUrl");

        if (!options.IsTenantAllowed(activity.TenantId()))
            return new(HttpStatusCode.Forbidden, "tenant is not allowed");

        return null;
    }

    /// <summary>Case-insensitive, ignoring a trailing slash (Teams is not consistent about it).</summary>
    public static bool SameServiceUrl(string a, string b) =>
        string.Equals(a.TrimEnd('/'), b.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
}
