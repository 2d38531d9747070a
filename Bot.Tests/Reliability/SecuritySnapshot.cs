using Bot.Tests.Harness;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Reliability;

/// <summary>
/// What an attack must not change, captured before and compared after: a portal's records (every property), a
/// tenant's link (portal and refresh token) and its role grants.
/// </summary>
public sealed record SecuritySnapshot(string Records, string? Link, string Roles)
{
    private static readonly string[] RecordTypes = ["contacts", "deals", "notes", "tasks", "calls", "meetings"];

    public static async Task<SecuritySnapshot> TakeAsync(SecurityBotFixture bot, long portalId, string tenantId)
    {
        var records = new List<string>();
        foreach (var type in RecordTypes) records.Add($"{type}: {(await bot.Sandbox.Admin.GetObjectsAsync(portalId, type)).GetRawText()}");
        var link = await bot.Host.Services.GetRequiredService<PortalLinkStore>().GetAsync(tenantId);
        var roles = await bot.Host.Services.GetRequiredService<RoleAssignmentStore>().ListAsync(tenantId);
        return new SecuritySnapshot(
            string.Join("\n", records),
            link is null ? null : $"{link.PortalId} {link.State} {link.RefreshToken}",
            string.Join(", ", roles.OrderBy(r => r.PrincipalId, StringComparer.Ordinal).Select(r => $"{r.PrincipalId}={r.Role}")));
    }

    /// <summary>What differs from <paramref name="before"/>, in words (empty when nothing changed).</summary>
    public IEnumerable<string> ChangesSince(SecuritySnapshot before)
    {
        if (Records != before.Records) yield return "the portal's records changed";
        if (Link != before.Link) yield return "the portal link changed";
        if (Roles != before.Roles) yield return $"role grants changed: [{before.Roles}] → [{Roles}]";
    }
}
