using Bot.Tests.Harness;
using HubSpotTeamsBot.Identity;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using HubSpotTeamsBot.BotFramework.Routing;

namespace Bot.Tests.Reliability;

/// <summary>
/// Issue 16, M4 and L6, with two tenants on one bot. M4: tenant B's admin tries to browse the bot's own (home) directory
/// through <c>role grant group:…</c> prefixes, home users' emails and object ids; refused means the directory got no
/// request at all, no home name shows in the answer and B's grants gain nobody. L6: someone of tenant B carrying a
/// configured (bootstrap) admin's object id tries every admin path — role listing, grants, revokes, audit reads,
/// connect, disconnect — and B's last real admin tries to revoke themself on the strength of the home tenant's
/// configured admins. The home admin's own group lookup is the control that the lookups work where they should.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class SecurityHomeTenantTests(SecurityBotFixture bot, ITestOutputHelper output)
{
    [Fact]
    public async Task Another_tenants_admin_cannot_browse_the_home_directory()
    {
        await bot.StartLinkedAsync();
        var group = bot.Graph.Directory.AddGroup($"Home Sales {Guid.NewGuid():N}"[..20]);
        var tally = new SecurityTally("security: M4 other tenant's directory lookups", output);
        string[] homeNames = [group.DisplayName, bot.Viewer.Name, bot.Editor.Name, bot.Admin.Name];
        var chatB = TeamsConversation.Personal(bot.AdminB);
        var grantsBefore = await GrantsAsync(SecurityBotFixture.TenantB);
        foreach (var text in new[]
                 {
                     "role grant group:H editor", "role grant group:Home editor", $"role grant group:{group.DisplayName} editor", "role grant group:a viewer",
                     $"role grant {bot.Viewer.Email} viewer", $"role grant {bot.Viewer.AadObjectId} editor", $"role grant {bot.Admin.Email} admin", "grant group:S admin",
                 })
        {
            var graphBefore = bot.Graph.TotalRequests;
            var (status, answer) = await SecurityExchange.SendAsync(bot, chatB, Activities.Message(bot.Simulator.ServiceUrl, chatB, bot.AdminB, text));
            var problems = new List<string>();
            if (status >= 500) problems.Add($"status {status}");
            if (bot.Graph.TotalRequests != graphBefore) problems.Add($"{bot.Graph.TotalRequests - graphBefore} directory request(s) for tenant B");
            problems.AddRange(homeNames.Where(n => answer.Contains(n, StringComparison.OrdinalIgnoreCase)).Select(n => $"the answer shows the home directory's '{n}'"));
            tally.Add($"tenant B admin: {text}", problems);
        }
        var grantsAfter = await GrantsAsync(SecurityBotFixture.TenantB);
        tally.Add("tenant B's grants afterwards", grantsAfter == grantsBefore ? [] : [$"changed: {grantsBefore} → {grantsAfter}"]);

        // Control: the home admin's lookup of the same group does reach the directory and finds it.
        var chatA = TeamsConversation.Personal(bot.Admin);
        var controlBefore = bot.Graph.TotalRequests;
        var (_, control) = await SecurityExchange.SendAsync(bot, chatA, Activities.Message(bot.Simulator.ServiceUrl, chatA, bot.Admin, $"role grant group:{group.DisplayName} viewer"));
        Assert.True(bot.Graph.TotalRequests > controlBefore, "the home admin's group lookup did not reach the directory");
        Assert.Contains(group.DisplayName, control, StringComparison.Ordinal);
        await bot.Host.Services.GetRequiredService<RoleAssignmentStore>().DeleteAsync(ChannelSimulator.BotTenantId, group.Id);
        tally.Verdict();
    }

    [Fact]
    public async Task Configured_admins_are_admins_of_the_home_tenant_only()
    {
        await bot.StartLinkedAsync();
        var impostor = new TeamsUser(bot.Admin.Name, bot.Admin.AadObjectId, SecurityBotFixture.TenantB);
        var tally = new SecurityTally("security: L6 configured admins elsewhere", output);
        var chat = TeamsConversation.Personal(impostor);
        var url = bot.Simulator.ServiceUrl;
        var grantsBefore = await GrantsAsync(SecurityBotFixture.TenantB);
        var linkBefore = await bot.Host.Services.GetRequiredService<PortalLinkStore>().GetAsync(SecurityBotFixture.TenantB);
        foreach (var text in new[] { "roles", "role list", $"role grant {bot.AdminB.AadObjectId} viewer", $"role revoke {bot.AdminB.AadObjectId}", "audit", "audit 50", "history", "connect", "disconnect", "status" })
        {
            var (status, answer) = await SecurityExchange.SendAsync(bot, chat, Activities.Message(url, chat, impostor, text));
            var problems = new List<string>();
            if (status >= 500) problems.Add($"status {status}");
            var needed = text == "status" ? "Viewer" : "Admin";
            if (!answer.Contains($"You need the {needed} role", StringComparison.Ordinal)) problems.Add($"not refused: {(answer.Length > 200 ? answer[..200] : answer)}");
            tally.Add($"configured admin's id in tenant B: {text}", problems);
        }
        var (_, who) = await SecurityExchange.SendAsync(bot, chat, Activities.Message(url, chat, impostor, "whoami"));
        tally.Add("configured admin's id in tenant B: whoami", who.Contains("configured admin", StringComparison.Ordinal) ? ["whoami says configured admin"] : []);

        // Tenant B's only admin must stay: the home tenant's configured admins do not count as B's admins.
        var chatB = TeamsConversation.Personal(bot.AdminB);
        var (_, revoke) = await SecurityExchange.SendAsync(bot, chatB, Activities.Message(url, chatB, bot.AdminB, $"role revoke {bot.AdminB.AadObjectId}"));
        var stillAdmin = (await bot.Host.Services.GetRequiredService<RoleAssignmentStore>().GetAsync(SecurityBotFixture.TenantB, bot.AdminB.AadObjectId))?.Role;
        tally.Add("tenant B's last admin revokes themself", stillAdmin == AppRoleNames.ToStored(AppRole.Admin) && revoke.Contains("last admin", StringComparison.Ordinal)
            ? [] : [$"B's admin grant is now '{stillAdmin}'; answer: {(revoke.Length > 200 ? revoke[..200] : revoke)}"]);
        if (stillAdmin != AppRoleNames.ToStored(AppRole.Admin)) await bot.GrantAsync(bot.AdminB, AppRole.Admin);

        var listed = await bot.Host.Services.GetRequiredService<RoleAssignments>().ListAsync(SecurityBotFixture.TenantB);
        tally.Add("role listing of tenant B counts no configured admins",
            bot.Host.Services.GetRequiredService<RoleAssignments>().BootstrapAdminIdsFor(SecurityBotFixture.TenantB).Count == 0 ? [] : ["tenant B counts the home tenant's configured admins"]);
        var grantsAfter = await GrantsAsync(SecurityBotFixture.TenantB);
        tally.Add("tenant B's grants and link afterwards", grantsAfter == grantsBefore
            && (await bot.Host.Services.GetRequiredService<PortalLinkStore>().GetAsync(SecurityBotFixture.TenantB))?.RefreshToken == linkBefore?.RefreshToken
            ? [] : [$"grants {grantsBefore} → {grantsAfter} ({listed.Count} listed)"]);
        tally.Verdict();
    }

    private async Task<string> GrantsAsync(string tenantId) => string.Join(", ",
        (await bot.Host.Services.GetRequiredService<RoleAssignmentStore>().ListAsync(tenantId)).OrderBy(g => g.PrincipalId, StringComparer.Ordinal).Select(g => $"{g.PrincipalId}={g.Role}"));
}
