using Bot.Tests.Harness;
using HubSpotTeamsBot.Identity;
using HubSpotTeamsBot.Storage;
using HubSpotTeamsBot.BotFramework.Routing;

namespace Bot.Tests.Identity;

[Collection(AzuriteCollectionDefinition.Name)]
public sealed class AuthorizerTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private GraphStub graph = null!;

    public async Task InitializeAsync() => graph = await GraphStub.StartAsync();

    public async Task DisposeAsync() => await graph.DisposeAsync();

    [Fact]
    public async Task A_viewer_is_refused_an_editor_action_and_told_which_admins_to_ask()
    {
        var bootstrap = graph.Directory.AddUser("Alex Wilber", "alex@contoso.test");
        var viewer = graph.Directory.AddUser("Nestor Wilke", "nestor@contoso.test");
        await using var identity = IdentityServices.Build(azurite, graph, new Dictionary<string, string?> { ["Roles:BootstrapAdmins:0"] = bootstrap.Id });
        await identity.GrantAsync(Guid.NewGuid().ToString(), PrincipalKind.User, AppRole.Admin, "Megan Bowen");

        var result = await identity.Authorizer.RequireAsync(identity.Member(viewer.Id), AppRole.Editor);

        Assert.False(result.Allowed);
        Assert.Equal(new RoleDecision(AppRole.Viewer, "default role"), result.Decision);
        Assert.Equal("You need the Editor role — ask an admin: Megan Bowen, Alex Wilber", result.RefusalMessage);
    }

    [Fact]
    public async Task A_refused_person_of_another_tenant_is_not_told_this_tenants_configured_admins()
    {
        var bootstrap = graph.Directory.AddUser("Alex Wilber", "alex@contoso.test");
        await using var identity = IdentityServices.Build(azurite, graph, new Dictionary<string, string?> { ["Roles:BootstrapAdmins:0"] = bootstrap.Id });
        var stranger = new TeamsIdentity(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "Someone Else", null, IsGuest: false);

        var result = await identity.Authorizer.RequireAsync(stranger, AppRole.Editor);

        Assert.False(result.Allowed);
        Assert.Empty(result.AdminsToAsk);
        Assert.DoesNotContain("Alex Wilber", result.RefusalMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_editor_through_a_group_is_allowed_an_editor_action()
    {
        var user = graph.Directory.AddUser("Lee Gu", "lee@contoso.test");
        var sales = graph.Directory.AddGroup("Sales");
        graph.Directory.AddMember(sales, user.Id);
        await using var identity = IdentityServices.Build(azurite, graph);
        await identity.GrantAsync(sales.Id, PrincipalKind.Group, AppRole.Editor, "Sales");

        var result = await identity.Authorizer.RequireAsync(identity.Member(user.Id), AppRole.Editor);

        Assert.True(result.Allowed);
        Assert.Equal(new RoleDecision(AppRole.Editor, "group Sales (editor)"), result.Decision);
        Assert.Empty(result.AdminsToAsk);
    }

    [Fact]
    public async Task A_guest_is_refused_even_viewing()
    {
        var guest = graph.Directory.AddUser("Pat Partner", "pat_fabrikam.test#EXT#@contoso.test", "pat@fabrikam.test", guest: true);
        await using var identity = IdentityServices.Build(azurite, graph);

        var result = await identity.Authorizer.RequireAsync(identity.Member(guest.Id, isGuest: null), AppRole.Viewer);

        Assert.False(result.Allowed);
        Assert.Equal(new RoleDecision(AppRole.None, "default guest role"), result.Decision);
        Assert.Equal("You need the Viewer role — ask an admin of this bot in your organisation.", result.RefusalMessage);
    }

    [Fact]
    public async Task A_check_the_member_default_answers_needs_no_Graph_so_it_works_during_an_outage()
    {
        var user = graph.Directory.AddUser("Nestor Wilke", "nestor@contoso.test");
        await using var identity = IdentityServices.Build(azurite, graph);
        graph.Unavailable = true;

        var result = await identity.Authorizer.RequireAsync(identity.Member(user.Id, isGuest: false), AppRole.Viewer);

        Assert.True(result.Allowed);
        Assert.Equal(0, graph.RequestCount("unavailable"));
    }

    [Fact]
    public async Task A_check_that_needs_group_membership_fails_closed_during_an_outage()
    {
        var user = graph.Directory.AddUser("Lee Gu", "lee@contoso.test");
        var sales = graph.Directory.AddGroup("Sales");
        graph.Directory.AddMember(sales, user.Id);
        await using var identity = IdentityServices.Build(azurite, graph);
        await identity.GrantAsync(sales.Id, PrincipalKind.Group, AppRole.Editor, "Sales");
        graph.Unavailable = true;

        await Assert.ThrowsAsync<DirectoryUnavailableException>(() => identity.Authorizer.RequireAsync(identity.Member(user.Id), AppRole.Editor));
    }

    [Fact]
    public async Task A_refusal_during_an_outage_still_names_the_stored_admins()
    {
        var bootstrap = graph.Directory.AddUser("Alex Wilber", "alex@contoso.test");
        await using var identity = IdentityServices.Build(azurite, graph, new Dictionary<string, string?> { ["Roles:BootstrapAdmins:0"] = bootstrap.Id });
        await identity.GrantAsync(Guid.NewGuid().ToString(), PrincipalKind.User, AppRole.Admin, "Megan Bowen");
        graph.Unavailable = true;

        var result = await identity.Authorizer.RequireAsync(identity.Member(Guid.NewGuid().ToString(), isGuest: true), AppRole.Viewer);

        Assert.False(result.Allowed);
        Assert.Equal(["Megan Bowen"], result.AdminsToAsk);
    }
}
