using Bot.Tests.Harness;
using HubSpotTeamsBot.Identity;
using HubSpotTeamsBot.Storage;
using HubSpotTeamsBot.BotFramework.Routing;

namespace Bot.Tests.Identity;

[Collection(AzuriteCollectionDefinition.Name)]
public sealed class RoleAssignmentsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private GraphStub graph = null!;

    public async Task InitializeAsync() => graph = await GraphStub.StartAsync();

    public async Task DisposeAsync() => await graph.DisposeAsync();

    [Fact]
    public async Task FindPrincipalAsync_resolves_a_user_by_upn_and_a_guest_by_mail()
    {
        var megan = graph.Directory.AddUser("Megan Bowen", "megan@contoso.test");
        var guest = graph.Directory.AddUser("Pat Partner", "pat_fabrikam.test#EXT#@contoso.test", "pat@fabrikam.test", guest: true);
        await using var identity = IdentityServices.Build(azurite, graph);

        var byUpn = await identity.Assignments.FindPrincipalAsync("megan@contoso.test");
        var byMail = await identity.Assignments.FindPrincipalAsync(" pat@fabrikam.test ");
        var byId = await identity.Assignments.FindPrincipalAsync(megan.Id);

        Assert.Equal(new Principal(megan.Id, PrincipalKind.User, "Megan Bowen"), byUpn.Principal);
        Assert.Equal(new Principal(guest.Id, PrincipalKind.User, "Pat Partner"), byMail.Principal);
        Assert.Equal(PrincipalLookupOutcome.Found, byId.Outcome);
        Assert.Equal(megan.Id, byId.Principal?.Id);
    }

    [Fact]
    public async Task FindPrincipalAsync_offers_a_choice_when_a_group_name_is_ambiguous()
    {
        var first = graph.Directory.AddGroup("Sales");
        var second = graph.Directory.AddGroup("Sales");
        var europe = graph.Directory.AddGroup("Sales Europe");
        await using var identity = IdentityServices.Build(azurite, graph);

        var lookup = await identity.Assignments.FindPrincipalAsync("group:Sales");

        Assert.Equal(PrincipalLookupOutcome.Ambiguous, lookup.Outcome);
        Assert.Null(lookup.Principal);
        Assert.Equal(new[] { first.Id, second.Id, europe.Id }.Order(), lookup.Candidates.Select(c => c.Id).Order());
        Assert.All(lookup.Candidates, c => Assert.Equal(PrincipalKind.Group, c.Kind));
    }

    [Fact]
    public async Task FindPrincipalAsync_takes_the_one_group_with_exactly_that_name()
    {
        graph.Directory.AddGroup("Sales");
        var europe = graph.Directory.AddGroup("Sales Europe");
        graph.Directory.AddGroup("Sales Europe North");
        await using var identity = IdentityServices.Build(azurite, graph);

        var lookup = await identity.Assignments.FindPrincipalAsync("group: sales europe");

        Assert.Equal(PrincipalLookup.Found(new Principal(europe.Id, PrincipalKind.Group, "Sales Europe")).Principal, lookup.Principal);
        Assert.Equal(PrincipalLookupOutcome.Found, lookup.Outcome);
    }

    [Fact]
    public async Task FindPrincipalAsync_confirms_a_prefix_match_instead_of_guessing()
    {
        var sales = graph.Directory.AddGroup("Sales");
        await using var identity = IdentityServices.Build(azurite, graph);

        var lookup = await identity.Assignments.FindPrincipalAsync("group:Sal");

        Assert.Equal(PrincipalLookupOutcome.Ambiguous, lookup.Outcome);
        Assert.Equal([sales.Id], lookup.Candidates.Select(c => c.Id));
    }

    [Theory]
    [InlineData("group:Nope", "No group named 'Nope'")]
    [InlineData("nobody@contoso.test", "No user 'nobody@contoso.test'")]
    [InlineData("group:", "Give the group's display name")]
    [InlineData("Megan", "Name a user as @mention or user@domain")]
    public async Task FindPrincipalAsync_explains_what_it_could_not_find(string text, string problem)
    {
        await using var identity = IdentityServices.Build(azurite, graph);

        var lookup = await identity.Assignments.FindPrincipalAsync(text);

        Assert.Equal(PrincipalLookupOutcome.NotFound, lookup.Outcome);
        Assert.StartsWith(problem, lookup.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GrantAsync_stores_the_role_reports_the_previous_one_and_the_resolver_sees_it()
    {
        var actor = Guid.NewGuid().ToString();
        var user = graph.Directory.AddUser("Adele Vance", "adele@contoso.test");
        await using var identity = IdentityServices.Build(azurite, graph);
        var principal = new Principal(user.Id, PrincipalKind.User, "Adele Vance");

        var first = await identity.Assignments.GrantAsync(identity.Admin(actor), principal, AppRole.Editor);
        var second = await identity.Assignments.GrantAsync(identity.Admin(actor), principal, AppRole.Viewer);
        var stored = await identity.Store.GetAsync(identity.TenantId, user.Id);

        Assert.Equal(new RoleChange(principal, null, AppRole.Editor, false), first);
        Assert.Equal(new RoleChange(principal, AppRole.Editor, AppRole.Viewer, false), second);
        Assert.True(second.Changed);
        Assert.Equal("Viewer", stored?.Role);
        Assert.Equal(actor, stored?.GrantedByAadObjectId);
        Assert.Equal("Adele Vance", stored?.DisplayName);
        Assert.Equal(new RoleDecision(AppRole.Viewer, "direct grant"), await identity.Resolver.ResolveAsync(identity.Member(user.Id)));
    }

    [Fact]
    public async Task GrantAsync_refuses_None_as_a_role()
    {
        await using var identity = IdentityServices.Build(azurite, graph);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => identity.Assignments.GrantAsync(
            identity.Admin("actor"), new Principal(Guid.NewGuid().ToString(), PrincipalKind.User, null), AppRole.None));
    }

    [Fact]
    public async Task The_last_admin_can_be_neither_revoked_nor_downgraded()
    {
        var onlyAdmin = new Principal(Guid.NewGuid().ToString(), PrincipalKind.User, "Megan Bowen");
        await using var identity = IdentityServices.Build(azurite, graph);
        await identity.GrantAsync(onlyAdmin.Id, PrincipalKind.User, AppRole.Admin, "Megan Bowen");
        var adminsGroup = Guid.NewGuid().ToString();
        await identity.GrantAsync(adminsGroup, PrincipalKind.Group, AppRole.Admin, "Admins"); // groups do not count

        var revoke = await Assert.ThrowsAsync<RoleChangeRefusedException>(
            () => identity.Assignments.RevokeAsync(identity.Admin(onlyAdmin.Id), onlyAdmin.Id));
        var downgrade = await Assert.ThrowsAsync<RoleChangeRefusedException>(
            () => identity.Assignments.GrantAsync(identity.Admin(onlyAdmin.Id), onlyAdmin, AppRole.Editor));

        Assert.Equal("Megan Bowen is the last admin; grant Admin to someone else first.", revoke.Message);
        Assert.Equal(revoke.Message, downgrade.Message);
        Assert.Equal("Admin", (await identity.Store.GetAsync(identity.TenantId, onlyAdmin.Id))?.Role);
    }

    [Fact]
    public async Task An_admin_can_be_revoked_once_another_admin_exists()
    {
        var first = new Principal(Guid.NewGuid().ToString(), PrincipalKind.User, "Megan Bowen");
        var second = new Principal(Guid.NewGuid().ToString(), PrincipalKind.User, "Alex Wilber");
        await using var identity = IdentityServices.Build(azurite, graph);
        await identity.GrantAsync(first.Id, PrincipalKind.User, AppRole.Admin, "Megan Bowen");
        await identity.Assignments.GrantAsync(identity.Admin(first.Id), second, AppRole.Admin);

        var change = await identity.Assignments.RevokeAsync(identity.Admin(second.Id), first.Id);

        Assert.Equal(new RoleChange(first, AppRole.Admin, null, false), change);
        Assert.Null(await identity.Store.GetAsync(identity.TenantId, first.Id));
        await Assert.ThrowsAsync<RoleChangeRefusedException>(() => identity.Assignments.RevokeAsync(identity.Admin(second.Id), second.Id));
    }

    [Fact]
    public async Task A_configured_admin_counts_so_the_only_stored_admin_can_be_revoked()
    {
        var configured = Guid.NewGuid().ToString();
        var stored = new Principal(Guid.NewGuid().ToString(), PrincipalKind.User, "Megan Bowen");
        await using var identity = IdentityServices.Build(azurite, graph, new Dictionary<string, string?> { ["Roles:BootstrapAdmins:0"] = configured });
        await identity.GrantAsync(stored.Id, PrincipalKind.User, AppRole.Admin, "Megan Bowen");

        var change = await identity.Assignments.RevokeAsync(identity.Admin(configured), stored.Id);

        Assert.Equal(new RoleChange(stored, AppRole.Admin, null, false), change);
    }

    [Fact]
    public async Task Revoking_a_configured_admin_without_a_stored_grant_changes_nothing_and_says_so()
    {
        var configured = Guid.NewGuid().ToString();
        await using var identity = IdentityServices.Build(azurite, graph, new Dictionary<string, string?> { ["Roles:BootstrapAdmins:0"] = configured });

        var change = await identity.Assignments.RevokeAsync(identity.Admin(configured), configured);

        Assert.False(change.Changed);
        Assert.True(change.StillConfiguredAdmin);
    }

    [Fact]
    public async Task Revoking_a_group_grant_removes_it_from_resolution()
    {
        var user = graph.Directory.AddUser("Lee Gu", "lee@contoso.test");
        var editors = graph.Directory.AddGroup("Editors");
        graph.Directory.AddMember(editors, user.Id);
        await using var identity = IdentityServices.Build(azurite, graph);
        await identity.GrantAsync(editors.Id, PrincipalKind.Group, AppRole.Editor, "Editors");
        Assert.Equal(AppRole.Editor, (await identity.Resolver.ResolveAsync(identity.Member(user.Id))).Role);

        var change = await identity.Assignments.RevokeAsync(identity.Admin("actor"), editors.Id);

        Assert.Equal(new RoleChange(new Principal(editors.Id, PrincipalKind.Group, "Editors"), AppRole.Editor, null, false), change);
        Assert.Equal(new RoleDecision(AppRole.Viewer, "default role"), await identity.Resolver.ResolveAsync(identity.Member(user.Id)));
        Assert.DoesNotContain(await identity.Assignments.ListAsync(identity.TenantId), g => g.PrincipalId == editors.Id);
    }
}
