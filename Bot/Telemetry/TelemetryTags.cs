using System.Security.Cryptography;
using System.Text;

namespace HubSpotTeamsBot.Telemetry;

/// <summary>Tag names and the few safe transformations applied before a value becomes an attribute.</summary>
public static class TelemetryTags
{
    public const string ActivityType = "bot.activity.type";
    public const string Route = "bot.route";
    public const string Outcome = "bot.outcome";
    public const string TenantHash = "bot.tenant.hash";
    public const string HubSpotOperation = "hubspot.operation";
    public const string HubSpotStatus = "hubspot.status";
    public const string HubSpotRetries = "hubspot.retry_count";
    public const string HubSpotLimiterWaitMs = "hubspot.limiter_wait_ms";

    /// <summary>A tenant id as a short one-way hash: turns of one tenant group together without naming it.</summary>
    public static string HashTenant(string? tenantId) =>
        string.IsNullOrEmpty(tenantId)
            ? "none"
            : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(tenantId.ToLowerInvariant())))[..16];

    /// <summary>
    /// "METHOD /path" with every segment that is not a plain word (ids, emails, dates, versions) replaced by "{}", so
    /// the operation names the HubSpot endpoint and never a record, person or query.
    /// </summary>
    public static string HubSpotOperationOf(HttpMethod method, Uri? uri)
    {
        if (uri is null) return method.Method;
        var path = uri.IsAbsoluteUri ? uri.AbsolutePath : uri.OriginalString.Split('?')[0];
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => s.All(c => char.IsAsciiLetter(c) || c is '-' or '_') && s.Length <= 40 ? s : "{}");
        return $"{method.Method} /{string.Join('/', segments)}";
    }
}
