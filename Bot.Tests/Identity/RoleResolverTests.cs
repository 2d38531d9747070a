using Bot.Tests.Harness;
using HubSpotTeamsBot.Identity;
using HubSpotTeamsBot.Storage;
using HubSpotTeamsBot.BotFramework.Routing;

namespace Bot.Tests.Identity;

[Collection(AzuriteCollectionDefinition.Name)]
public sealed class RoleResolverTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private GraphStub graph = null!;

    public async Task InitializeAsync() => graph = await GraphStub.StartAsync();

    public async Task DisposeAsync() => await graph.DisposeAsync();

    [Fact]
    public async Task A_configured_admin_is_Admin_without_asking_Graph_even_during_an_outage()
    {
        var id = Guid.NewGuid().ToString();
        await using var identity = IdentityServices.Build(azurite, graph, new Dictionary<string, string?> { ["Roles:BootstrapAdmins:0"] = id });
        graph.Unavailable = true;

        var decision = await identity.Resolver.ResolveAsync(identity.Member(id, isGuest: null));

        Assert.Equal(new RoleDecision(AppRole.Admin, "configured admin"), decision);
        Assert.Equal(0, graph.TotalRequests);
    }

    [Fact]
    public async Task A_member_of_a_configured_directory_role_is_Admin()
    {
        var user = graph.Directory.AddUser("Megan Bowen", "megan@contoso.test");
        var role = graph.Directory.ActivateDirectoryRole(DirectoryRoleTemplates.TeamsAdministrator, "Teams Administrator");
        graph.Directory.AddRoleMember(role, graph.Directory.AddUser("Someone Else", "else@contoso.test").Id);
        graph.Directory.AddRoleMember(role, graph.Directory.AddUser("Third", "third@contoso.test").Id);
        graph.Directory.AddRoleMember(role, user.Id); // on the second page
        await using var identity = IdentityServices.Build(azurite, graph, new Dictionary<string, string?>
        {
            ["Roles:AdminDirectoryRoles:0"] = "Global Administrator",
            ["Roles:AdminDirectoryRoles:1"] = "Teams Administrator",
        });

        var decision = await identity.Resolver.ResolveAsync(identity.Member(user.Id));

        Assert.Equal(new RoleDecision(AppRole.Admin, "directory role Teams Administrator"), decision);
    }

    [Fact]
    public async Task A_member_of_a_group_holding_a_directory_role_is_Admin()
    {
        var user = graph.Directory.AddUser("Alex Wilber", "alex@contoso.test");
        var roleGroup = graph.Directory.AddGroup("Tenant admins");
        graph.Directory.AddMember(roleGroup, user.Id);
        var role = graph.Directory.ActivateDirectoryRole(DirectoryRoleTemplates.GlobalAdministrator, "Global Administrator");
        graph.Directory.AddRoleMember(role, roleGroup.Id);
        await using var identity = IdentityServices.Build(azurite, graph, new Dictionary<string, string?>
        {
            ["Roles:AdminDirectoryRoles:0"] = DirectoryRoleTemplates.GlobalAdministrator,
        });

        var decision = await identity.Resolver.ResolveAsync(identity.Member(user.Id));

        Assert.Equal(new RoleDecision(AppRole.Admin, "directory role Global Administrator"), decision);
    }

    [Theory]
    [InlineData(AppRole.Admin)]
    [InlineData(AppRole.Editor)]
    [InlineData(AppRole.Viewer)]
    public async Task A_direct_grant_gives_its_role(AppRole granted)
    {
        var user = graph.Directory.AddUser("Adele Vance", "adele@contoso.test");
        await using var identity = IdentityServices.Build(azurite, graph, new Dictionary<string, string?> { ["Roles:DefaultMemberRole"] = "None" });
        await identity.GrantAsync(user.Id, PrincipalKind.User, granted);

        var decision = await identity.Resolver.ResolveAsync(identity.Member(user.Id));

        Assert.Equal(new RoleDecision(granted, "direct grant"), decision);
    }

    [Fact]
    public async Task A_grant_to_a_group_reaches_members_of_nested_groups()
    {
        var user = graph.Directory.AddUser("Lee Gu", "lee@contoso.test");
        var team = graph.Directory.AddGroup("Sales North");
        var sales = graph.Directory.AddGroup("Sales");
        graph.Directory.AddMember(team, user.Id);
        graph.Directory.AddMember(sales, team.Id);
        graph.Directory.AddMember(graph.Directory.AddGroup("Filler 1"), user.Id);
        graph.Directory.AddMember(graph.Directory.AddGroup("Filler 2"), user.Id);
        await using var identity = IdentityServices.Build(azurite, graph);
        await identity.GrantAsync(sales.Id, PrincipalKind.Group, AppRole.Editor, "Sales");

        var decision = await identity.Resolver.ResolveAsync(identity.Member(user.Id));

        Assert.Equal(new RoleDecision(AppRole.Editor, "group Sales (editor)"), decision);
    }

    [Fact]
    public async Task The_highest_role_wins_across_direct_grant_and_groups()
    {
        var user = graph.Directory.AddUser("Diego Siciliani", "diego@contoso.test");
        var viewers = graph.Directory.AddGroup("Viewers");
        var editors = graph.Directory.AddGroup("Editors");
        var admins = graph.Directory.AddGroup("Admins");
        graph.Directory.AddMember(viewers, user.Id);
        graph.Directory.AddMember(editors, user.Id);
        graph.Directory.AddMember(admins, editors.Id);
        await using var identity = IdentityServices.Build(azurite, graph);
        await identity.GrantAsync(user.Id, PrincipalKind.User, AppRole.Viewer);
        await identity.GrantAsync(viewers.Id, PrincipalKind.Group, AppRole.Viewer, "Viewers");
        await identity.GrantAsync(editors.Id, PrincipalKind.Group, AppRole.Editor, "Editors");
        await identity.GrantAsync(admins.Id, PrincipalKind.Group, AppRole.Admin, "Admins");

        var decision = await identity.Resolver.ResolveAsync(identity.Member(user.Id));

        Assert.Equal(new RoleDecision(AppRole.Admin, "group Admins (admin)"), decision);
    }

    [Fact]
    public async Task A_direct_grant_beats_a_lower_group_grant()
    {
        var user = graph.Directory.AddUser("Isaiah Langer", "isaiah@contoso.test");
        var viewers = graph.Directory.AddGroup("Viewers");
        graph.Directory.AddMember(viewers, user.Id);
        await using var identity = IdentityServices.Build(azurite, graph);
        await identity.GrantAsync(user.Id, PrincipalKind.User, AppRole.Editor);
        await identity.GrantAsync(viewers.Id, PrincipalKind.Group, AppRole.Viewer, "Viewers");

        var decision = await identity.Resolver.ResolveAsync(identity.Member(user.Id));

        Assert.Equal(new RoleDecision(AppRole.Editor, "direct grant"), decision);
    }

    [Theory]
    [InlineData(null, AppRole.Viewer)]
    [InlineData("Editor", AppRole.Editor)]
    [InlineData("None", AppRole.None)]
    public async Task A_member_with_no_grant_gets_the_default_member_role(string? configured, AppRole expected)
    {
        var user = graph.Directory.AddUser("Nestor Wilke", "nestor@contoso.test");
        await using var identity = IdentityServices.Build(azurite, graph, new Dictionary<string, string?> { ["Roles:DefaultMemberRole"] = configured });

        var decision = await identity.Resolver.ResolveAsync(identity.Member(user.Id, isGuest: null));

        Assert.Equal(new RoleDecision(expected, "default role"), decision);
    }

    [Fact]
    public async Task A_guest_known_from_Teams_is_refused_even_in_a_granted_group()
    {
        var guest = graph.Directory.AddUser("Pat Partner", "pat_fabrikam.test#EXT#@contoso.test", "pat@fabrikam.test", guest: true);
        var project = graph.Directory.AddGroup("Project");
        graph.Directory.AddMember(project, guest.Id);
        await using var identity = IdentityServices.Build(azurite, graph);
        await identity.GrantAsync(project.Id, PrincipalKind.Group, AppRole.Editor, "Project");

        var decision = await identity.Resolver.ResolveAsync(identity.Member(guest.Id, isGuest: true));

        Assert.Equal(new RoleDecision(AppRole.None, "default guest role"), decision);
    }

    [Fact]
    public async Task A_guest_is_recognised_from_Graph_user_type_when_Teams_did_not_say()
    {
        var guest = graph.Directory.AddUser("Pat Partner", "pat_fabrikam.test#EXT#@contoso.test", "pat@fabrikam.test", guest: true);
        await using var identity = IdentityServices.Build(azurite, graph, new Dictionary<string, string?> { ["Roles:DefaultGuestRole"] = "None" });

        var decision = await identity.Resolver.ResolveAsync(identity.Member(guest.Id, isGuest: null));

        Assert.Equal(new RoleDecision(AppRole.None, "default guest role"), decision);
        Assert.Equal(1, graph.RequestCount("user"));
    }

    [Fact]
    public async Task A_guest_granted_directly_gets_that_role()
    {
        var guest = graph.Directory.AddUser("Pat Partner", "pat_fabrikam.test#EXT#@contoso.test", "pat@fabrikam.test", guest: true);
        await using var identity = IdentityServices.Build(azurite, graph);
        await identity.GrantAsync(guest.Id, PrincipalKind.User, AppRole.Viewer);

        var decision = await identity.Resolver.ResolveAsync(identity.Member(guest.Id, isGuest: null));

        Assert.Equal(new RoleDecision(AppRole.Viewer, "direct grant"), decision);
    }

    [Fact]
    public async Task Someone_missing_from_the_directory_gets_no_member_default()
    {
        await using var identity = IdentityServices.Build(azurite, graph);

        var decision = await identity.Resolver.ResolveAsync(identity.Member(Guid.NewGuid().ToString(), isGuest: null));

        Assert.Equal(new RoleDecision(AppRole.None, "default guest role"), decision);
    }

    [Fact]
    public async Task Group_membership_is_cached_and_a_change_is_picked_up_after_expiry()
    {
        var user = graph.Directory.AddUser("Johanna Lorenz", "johanna@contoso.test");
        var editors = graph.Directory.AddGroup("Editors");
        graph.Directory.AddMember(editors, user.Id);
        await using var identity = IdentityServices.Build(azurite, graph, new Dictionary<string, string?> { ["Roles:MembershipCacheDuration"] = "00:00:30" });
        await identity.GrantAsync(editors.Id, PrincipalKind.Group, AppRole.Editor, "Editors");
        var who = identity.Member(user.Id);

        var first = await identity.Resolver.ResolveAsync(who);
        graph.Directory.RemoveMember(editors, user.Id);
        identity.Time.Advance(TimeSpan.FromSeconds(29));
        var cached = await identity.Resolver.ResolveAsync(who);
        identity.Time.Advance(TimeSpan.FromSeconds(2));
        var refreshed = await identity.Resolver.ResolveAsync(who);

        Assert.Equal(AppRole.Editor, first.Role);
        Assert.Equal(AppRole.Editor, cached.Role);
        Assert.Equal(new RoleDecision(AppRole.Viewer, "default role"), refreshed);
        Assert.Equal(2, graph.RequestCount("transitiveMemberOf"));
    }

    [Fact]
    public async Task Graph_unavailable_gives_a_clear_error_and_no_elevation()
    {
        var user = graph.Directory.AddUser("Grady Archie", "grady@contoso.test");
        var admins = graph.Directory.AddGroup("Admins");
        graph.Directory.AddMember(admins, user.Id);
        await using var identity = IdentityServices.Build(azurite, graph);
        await identity.GrantAsync(user.Id, PrincipalKind.User, AppRole.Viewer);
        await identity.GrantAsync(admins.Id, PrincipalKind.Group, AppRole.Admin, "Admins");
        graph.Unavailable = true;

        var error = await Assert.ThrowsAsync<DirectoryUnavailableException>(() => identity.Resolver.ResolveAsync(identity.Member(user.Id)));

        Assert.Contains("Microsoft Graph", error.Message, StringComparison.Ordinal);
        Assert.Contains("unavailable", error.Message, StringComparison.Ordinal);
        graph.Unavailable = false;
        Assert.Equal(AppRole.Admin, (await identity.Resolver.ResolveAsync(identity.Member(user.Id))).Role); // failure was not cached
    }

    [Fact]
    public async Task Graph_unavailable_while_deciding_guest_status_gives_no_default_role()
    {
        var user = graph.Directory.AddUser("Henrietta Mueller", "henrietta@contoso.test");
        await using var identity = IdentityServices.Build(azurite, graph);
        graph.Unavailable = true;

        await Assert.ThrowsAsync<DirectoryUnavailableException>(() => identity.Resolver.ResolveAsync(identity.Member(user.Id, isGuest: null)));
    }

    [Fact]
    public async Task A_direct_Admin_grant_is_decided_while_Graph_is_down()
    {
        var user = graph.Directory.AddUser("Lynne Robbins", "lynne@contoso.test");
        await using var identity = IdentityServices.Build(azurite, graph);
        await identity.GrantAsync(user.Id, PrincipalKind.User, AppRole.Admin);
        graph.Unavailable = true;

        var decision = await identity.Resolver.ResolveAsync(identity.Member(user.Id, isGuest: null));

        Assert.Equal(new RoleDecision(AppRole.Admin, "direct grant"), decision);
    }
}
