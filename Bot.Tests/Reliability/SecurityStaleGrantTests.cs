using Bot.Tests.Harness;
using HubSpotTeamsBot.Identity;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using HubSpotTeamsBot.BotFramework.Routing;

namespace Bot.Tests.Reliability;

/// <summary>
/// Issue 16, L1: a grant to someone who has left the directory must not outlive them. The sweep removes (and audits)
/// user grants of the home tenant whose person the directory no longer knows, keeps everyone it knows, never touches
/// another tenant's grants (not its directory), and removes nothing while the directory is down.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class SecurityStaleGrantTests(SecurityBotFixture bot, ITestOutputHelper output)
{
    private const string TenantA = ChannelSimulator.BotTenantId;

    [Fact]
    public async Task Grants_of_people_no_longer_in_the_directory_are_removed_and_nothing_else()
    {
        var store = bot.Host.Services.GetRequiredService<RoleAssignmentStore>();
        var sweeper = bot.Host.Services.GetRequiredService<StaleGrantSweeper>();
        var tally = new SecurityTally("security: L1 grants of people who left", output);
        var gone = TeamsUser.New("Gone Person");
        var stays = TeamsUser.New("Stay Put");
        bot.Graph.Directory.AddUser(stays.Name, stays.Email, id: stays.AadObjectId);
        var otherTenant = TeamsUser.New("Bo Elsewhere", SecurityBotFixture.TenantB);
        foreach (var user in new[] { gone, stays, otherTenant }) await bot.GrantAsync(user, AppRole.Editor);

        // While the directory is down nothing may be removed: "not found" and "no answer" are different things.
        bot.Graph.Unavailable = true;
        try
        {
            await sweeper.SweepAsync(CancellationToken.None);
        }
        finally
        {
            bot.Graph.Unavailable = false;
        }
        tally.Add("sweep while the directory is down", await store.GetAsync(TenantA, gone.AadObjectId) is null ? ["removed a grant without the directory's answer"] : []);

        var removed = await sweeper.SweepAsync(CancellationToken.None);
        tally.Add("the grant of the person who left", await store.GetAsync(TenantA, gone.AadObjectId) is null ? [] : ["still there"]);
        tally.Add("the grant of a person still in the directory", await store.GetAsync(TenantA, stays.AadObjectId) is not null ? [] : ["removed"]);
        tally.Add("the configured editor's grant", await store.GetAsync(TenantA, bot.Editor.AadObjectId) is not null ? [] : ["removed"]);
        tally.Add("another tenant's grant (not this directory's)", await store.GetAsync(SecurityBotFixture.TenantB, otherTenant.AadObjectId) is not null ? [] : ["removed"]);
        var audit = await bot.Host.Services.GetRequiredService<AuditLog>().ReadPageAsync(TenantA, AuditLog.MaxPageSize);
        tally.Add("the removal is audited", audit.Entries.Any(e => e.Action == StaleGrantSweeper.AuditAction && e.ObjectId == gone.AadObjectId) ? [] : ["no audit row"]);
        tally.Add("at least one grant removed", removed >= 1 ? [] : [$"{removed} removed"]);

        await store.DeleteAsync(TenantA, stays.AadObjectId);
        await store.DeleteAsync(SecurityBotFixture.TenantB, otherTenant.AadObjectId);
        tally.Verdict();
    }
}
