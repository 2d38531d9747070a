using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.Identity;

/// <summary>
/// The bot's own tenant (Bot:TenantId): the only directory the bot can read and the only tenant whose admins the
/// configuration names. Other allowed tenants get neither directory lookups (their people are not in this directory,
/// and its names must not be shown to them) nor Roles:BootstrapAdmins.
/// </summary>
public sealed class HomeTenant(IOptions<GraphOptions> graph)
{
    public string? Id => graph.Value.TenantId;

    public bool Is(string? tenantId) => !string.IsNullOrWhiteSpace(tenantId) && string.Equals(tenantId, Id, StringComparison.OrdinalIgnoreCase);
}
