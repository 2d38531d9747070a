using System.Net;
using System.Security.Claims;
using HubSpotTeamsBot.BotFramework.Schema;

namespace HubSpotTeamsBot.BotFramework.Auth;

/// <summary>
/// The checks that need the parsed activity as well as the validated token (reference §1.3 steps 4–5), which most
/// SDKs skip: the signing key must be endorsed for the activity's channel, the token's <c>serviceurl</c> claim must
/// match the activity's serviceUrl, and the tenant must be allowed.
/// </summary>
public static class InboundActivityCheck
{
    public sealed record Refusal(HttpStatusCode Status, string Reason);

    public static Refusal? Check(ClaimsPrincipal principal, Activity activity, BotOptions options)
    {
        var channel = activity.ChannelId;
        if (string.IsNullOrEmpty(channel) || !principal.FindAll(BotAuthentication.EndorsementClaim).Any(c => string.Equals(c.Value, channel, StringComparison.OrdinalIgnoreCase)))
            return new(HttpStatusCode.Unauthorized, $"signing key is not endorsed for channel '{channel}'");

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
