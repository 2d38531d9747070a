using System.Text.Json.Nodes;
using Bot.Tests.Harness;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Features.Roles;

/// <summary>Issue 6 in the chat: roles, role grant/revoke (mention, email, group), whoami, audit — with a Graph stub.</summary>
public sealed class RolesCommandsTests(CrmBotFixture bot) : IClassFixture<CrmBotFixture>
{
    private RoleAssignmentStore Assignments => bot.Host.Services.GetRequiredService<RoleAssignmentStore>();

    private async Task<IReadOnlyList<AuditEntry>> AuditAsync() =>
        (await bot.Host.Services.GetRequiredService<AuditLog>().ReadPageAsync(ChannelSimulator.BotTenantId, 100)).Entries;

    [Fact]
    public async Task An_admin_grants_a_role_by_mention_and_it_is_audited()
    {
        var nestor = TeamsUser.New("Nestor Wilke");
        bot.Teams.Connector.AddMember(nestor);
        var chat = TeamsConversation.Channel(bot.Admin.TenantId);
        var message = Activities.Message(bot.Simulator.ServiceUrl, chat, bot.Admin, $"role grant <at>{nestor.Name}</at> editor", mentionBot: true);
        message["entities"]!.AsArray().Add(new JsonObject
        {
            ["type"] = "mention",
            ["text"] = $"<at>{nestor.Name}</at>",
            ["mentioned"] = new JsonObject { ["id"] = nestor.Id, ["name"] = nestor.Name },
        });

        using var response = await bot.Teams.PostAsync(message);
        var reply = await bot.Teams.Connector.WaitForMessageAsync(chat.Id);

        Assert.Contains("Nestor Wilke** now has the **Editor** role", reply.VisibleText, StringComparison.Ordinal);
        Assert.Equal("Editor", (await Assignments.GetAsync(nestor.TenantId, nestor.AadObjectId))?.Role);
        Assert.Contains(await AuditAsync(), e => e.Action == "role.grant" && e.ObjectId == nestor.AadObjectId && e.ActorAadObjectId == bot.Admin.AadObjectId);
    }

    [Fact]
    public async Task Grant_and_revoke_by_email_change_what_whoami_reports()
    {
        var adele = TeamsUser.New("Adele Vance");
        bot.Graph.Directory.AddUser(adele.Name, adele.Email, id: adele.AadObjectId);
        var adminChat = TeamsConversation.Personal(bot.Admin);
        var adeleChat = TeamsConversation.Personal(adele);

        var before = await bot.Teams.SayAsync(adeleChat, adele, "whoami");
        await bot.Teams.SayAsync(adminChat, bot.Admin, $"role grant {adele.Email} admin");
        var granted = await bot.Teams.SayAsync(adeleChat, adele, "whoami");
        var revoked = await bot.Teams.SayAsync(adminChat, bot.Admin, $"role revoke {adele.Email}");
        var after = await bot.Teams.SayAsync(adeleChat, adele, "whoami");

        Assert.Contains("Viewer", before.VisibleText, StringComparison.Ordinal);
        Assert.Contains("default role", before.VisibleText, StringComparison.Ordinal);
        Assert.Contains("Admin", granted.VisibleText, StringComparison.Ordinal);
        Assert.Contains("direct grant", granted.VisibleText, StringComparison.Ordinal);
        Assert.Contains("Removed the **Admin** role", revoked.VisibleText, StringComparison.Ordinal);
        Assert.Contains("default role", after.VisibleText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_ambiguous_group_name_asks_which_group_and_the_choice_grants_it()
    {
        var emea = bot.Graph.Directory.AddGroup("Field Sales EMEA");
        bot.Graph.Directory.AddGroup("Field Sales US");
        var chat = TeamsConversation.Personal(bot.Admin);

        var choice = await bot.Teams.SayAsync(chat, bot.Admin, "role grant group:Field Sales editor");
        var button = choice.Card?["actions"]?.AsArray().Select(a => a?["data"]?.AsObject()).First(d => d?["name"]?.GetValue<string>() == "Field Sales EMEA");
        var before = bot.Teams.Connector.Calls.Count;
        using var submit = await bot.Teams.PostAsync(Activities.CardSubmit(bot.Simulator.ServiceUrl, chat, bot.Admin, button!.DeepClone().AsObject()));
        // The "which group?" card is used up: the outcome replaces it (the clicked card's id is the submit's replyToId).
        var granted = await bot.Teams.Connector.WaitForAsync(c => c.Method == "PUT" && c.Path.EndsWith("/activities/1700000000000", StringComparison.Ordinal)
            && c.Path.Contains(Uri.EscapeDataString(chat.Id), StringComparison.Ordinal) && bot.Teams.Connector.Calls.ToList().IndexOf(c) >= before);

        Assert.Contains("Which group?", choice.VisibleText, StringComparison.Ordinal);
        Assert.DoesNotContain("Action.Submit", granted.Body!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("Field Sales EMEA** now has the **Editor** role", granted.VisibleText, StringComparison.Ordinal);
        var stored = await Assignments.GetAsync(ChannelSimulator.BotTenantId, emea.Id);
        Assert.Equal(PrincipalKind.Group, stored?.Kind);
    }

    [Fact]
    public async Task A_viewer_cannot_grant_roles_or_read_the_audit_and_the_attempt_is_audited()
    {
        var chat = TeamsConversation.Personal(bot.Viewer);

        var grant = await bot.Teams.SayAsync(chat, bot.Viewer, $"role grant {bot.Viewer.Email} admin");
        var audit = await bot.Teams.SayAsync(chat, bot.Viewer, "audit");

        Assert.Contains("You need the Admin role", grant.VisibleText, StringComparison.Ordinal);
        Assert.Contains("Megan Bowen", grant.VisibleText, StringComparison.Ordinal);
        Assert.Contains("You need the Admin role", audit.VisibleText, StringComparison.Ordinal);
        Assert.NotEqual("Admin", (await Assignments.GetAsync(bot.Viewer.TenantId, bot.Viewer.AadObjectId))?.Role);
        Assert.Contains(await AuditAsync(), e => e.Action == "role.grant" && e.Outcome == "Denied" && e.ActorAadObjectId == bot.Viewer.AadObjectId);
    }

    [Fact]
    public async Task Admins_read_the_audit_newest_first_and_list_roles()
    {
        var chat = TeamsConversation.Personal(bot.Admin);
        await bot.Teams.SayAsync(TeamsConversation.Personal(bot.Viewer), bot.Viewer, "roles");

        var audit = await bot.Teams.SayAsync(chat, bot.Admin, "audit 3");
        var roles = await bot.Teams.SayAsync(chat, bot.Admin, "roles");

        Assert.Contains("role.list", audit.VisibleText, StringComparison.Ordinal);
        Assert.Contains("Denied", audit.VisibleText, StringComparison.Ordinal);
        Assert.Contains("Alex Wilber", roles.VisibleText, StringComparison.Ordinal);
        Assert.Contains("Editor", roles.VisibleText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Whoami_names_the_matching_HubSpot_owner()
    {
        await bot.LinkPortalAsync();

        var reply = await bot.Teams.SayAsync(TeamsConversation.Personal(bot.Admin), bot.Admin, "whoami");

        Assert.Contains("configured admin", reply.VisibleText, StringComparison.Ordinal);
        Assert.Contains("Megan Bowen (owner", reply.VisibleText, StringComparison.Ordinal);
        Assert.Contains(bot.Admin.Email, reply.VisibleText, StringComparison.Ordinal);
    }
}
