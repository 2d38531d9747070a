using Bot.Tests.Harness;
using HubSpotTeamsBot.Identity;

namespace Bot.Tests.Identity;

public sealed class DirectoryClientTests : IAsyncLifetime
{
    private GraphStub stub = null!;
    private DirectoryClient client = null!;

    public async Task InitializeAsync()
    {
        stub = await GraphStub.StartAsync();
        client = GraphTestClient.Create(stub);
    }

    public async Task DisposeAsync() => await stub.DisposeAsync();

    [Fact]
    public async Task GetUserAsync_reads_a_user_by_object_id_and_by_user_principal_name()
    {
        var megan = stub.Directory.AddUser("Megan Bowen", "megan@contoso.test");

        var byId = await client.GetUserAsync(megan.Id);
        var byUpn = await client.GetUserAsync("MEGAN@contoso.test");

        Assert.Equal(new DirectoryUser(megan.Id, "Megan Bowen", "megan@contoso.test", "megan@contoso.test", "Member"), byId);
        Assert.Equal(megan.Id, byUpn?.Id);
        Assert.False(byId!.IsGuest);
    }

    [Fact]
    public async Task GetUserAsync_returns_null_for_a_user_the_directory_does_not_have()
    {
        Assert.Null(await client.GetUserAsync(Guid.NewGuid().ToString()));
    }

    [Fact]
    public async Task FindUserAsync_finds_a_guest_by_mail_when_the_guest_upn_differs()
    {
        var guest = stub.Directory.AddUser("Pat Partner", "pat_fabrikam.test#EXT#@contoso.test", mail: "pat@fabrikam.test", guest: true);

        var found = await client.FindUserAsync("pat@fabrikam.test");

        Assert.Equal(guest.Id, found?.Id);
        Assert.True(found!.IsGuest);
        Assert.Equal(1, stub.RequestCount("users"));
    }

    [Fact]
    public async Task FindUserAsync_finds_a_guest_by_its_external_upn()
    {
        var guest = stub.Directory.AddUser("Pat Partner", "pat_fabrikam.test#EXT#@contoso.test", mail: "pat@fabrikam.test", guest: true);

        var found = await client.FindUserAsync("pat_fabrikam.test#EXT#@contoso.test");

        Assert.Equal(guest.Id, found?.Id);
        Assert.Equal(0, stub.RequestCount("users"));
    }

    [Fact]
    public async Task GetUserAsync_returns_null_for_text_that_is_neither_an_id_nor_a_upn()
    {
        Assert.Null(await client.GetUserAsync("Megan Bowen"));
        Assert.Equal(1, stub.RequestCount("user"));
    }

    [Fact]
    public async Task FindUserAsync_returns_null_when_nobody_has_the_address()
    {
        stub.Directory.AddUser("Megan Bowen", "megan@contoso.test");

        Assert.Null(await client.FindUserAsync("nobody@contoso.test"));
    }

    [Fact]
    public async Task FindGroupsAsync_follows_every_page_and_lists_exact_matches_first()
    {
        var names = new[] { "Sales EU", "Sales", "Sales US", "Sales APAC", "Sales" };
        foreach (var name in names)
        {
            stub.Directory.AddGroup(name);
        }

        stub.Directory.AddGroup("Marketing");

        var groups = await client.FindGroupsAsync("sales");

        Assert.Equal(["Sales", "Sales", "Sales APAC", "Sales EU", "Sales US"], groups.Select(g => g.DisplayName));
        Assert.Equal(3, stub.RequestCount("groups")); // 5 results at 2 per page
    }

    [Fact]
    public async Task FindGroupsAsync_escapes_quotes_in_the_typed_name()
    {
        var group = stub.Directory.AddGroup("O'Brien's team");

        var groups = await client.FindGroupsAsync("O'Brien");

        Assert.Equal([group.Id], groups.Select(g => g.Id));
    }

    [Fact]
    public async Task GetTransitiveGroupIdsAsync_includes_nested_groups_across_pages()
    {
        var user = stub.Directory.AddUser("Alex Wilber", "alex@contoso.test");
        var team = stub.Directory.AddGroup("Team");
        var department = stub.Directory.AddGroup("Department");
        var company = stub.Directory.AddGroup("Company");
        var other = stub.Directory.AddGroup("Other");
        var unrelated = stub.Directory.AddGroup("Unrelated");
        stub.Directory.AddMember(team, user.Id);
        stub.Directory.AddMember(department, team.Id);
        stub.Directory.AddMember(company, department.Id);
        stub.Directory.AddMember(other, user.Id);

        var ids = await client.GetTransitiveGroupIdsAsync(user.Id);

        Assert.Equal(new[] { team.Id, department.Id, company.Id, other.Id }.Order(), ids.Order());
        Assert.DoesNotContain(unrelated.Id, ids);
        Assert.Equal(2, stub.RequestCount("transitiveMemberOf"));
    }

    [Fact]
    public async Task GetTransitiveGroupIdsAsync_is_empty_for_a_user_outside_the_directory()
    {
        Assert.Empty(await client.GetTransitiveGroupIdsAsync(Guid.NewGuid().ToString()));
    }

    [Fact]
    public async Task GetDirectoryRoleMembersAsync_lists_user_and_group_holders_across_pages()
    {
        var role = stub.Directory.ActivateDirectoryRole(DirectoryRoleTemplates.GlobalAdministrator, "Global Administrator");
        var users = Enumerable.Range(1, 3).Select(i => stub.Directory.AddUser($"Admin {i}", $"admin{i}@contoso.test")).ToList();
        var roleGroup = stub.Directory.AddGroup("Privileged admins");
        foreach (var user in users)
        {
            stub.Directory.AddRoleMember(role, user.Id);
        }

        stub.Directory.AddRoleMember(role, roleGroup.Id);
        stub.Directory.ActivateDirectoryRole(DirectoryRoleTemplates.TeamsAdministrator, "Teams Administrator");

        var members = await client.GetDirectoryRoleMembersAsync(DirectoryRoleTemplates.GlobalAdministrator);

        Assert.Equal("Global Administrator", members.DisplayName);
        Assert.Equal(users.Select(u => u.Id).Order(), members.UserIds.Order());
        Assert.Equal([roleGroup.Id], members.GroupIds);
        Assert.Equal(2, stub.RequestCount("directoryRoleMembers"));
    }

    [Fact]
    public async Task GetDirectoryRoleMembersAsync_is_empty_for_a_role_not_activated_in_the_tenant()
    {
        var members = await client.GetDirectoryRoleMembersAsync(DirectoryRoleTemplates.TeamsAdministrator);

        Assert.Empty(members.UserIds);
        Assert.Empty(members.GroupIds);
        Assert.Equal(0, stub.RequestCount("directoryRoleMembers"));
    }

    [Fact]
    public async Task An_outage_becomes_DirectoryUnavailableException_with_a_message_a_user_can_read()
    {
        var user = stub.Directory.AddUser("Megan Bowen", "megan@contoso.test");
        stub.Unavailable = true;

        var onUser = await Assert.ThrowsAsync<DirectoryUnavailableException>(() => client.GetUserAsync(user.Id));
        var onGroups = await Assert.ThrowsAsync<DirectoryUnavailableException>(() => client.GetTransitiveGroupIdsAsync(user.Id));
        var onRoles = await Assert.ThrowsAsync<DirectoryUnavailableException>(
            () => client.GetDirectoryRoleMembersAsync(DirectoryRoleTemplates.GlobalAdministrator));

        Assert.Contains("unavailable right now (503)", onUser.Message, StringComparison.Ordinal);
        Assert.Contains("Microsoft Graph", onGroups.Message, StringComparison.Ordinal);
        Assert.Contains("Microsoft Graph", onRoles.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_Graph_becomes_DirectoryUnavailableException()
    {
        Uri deadUrl;
        await using (var stopped = await GraphStub.StartAsync())
        {
            deadUrl = stopped.BaseUrl;
        }

        var deadClient = GraphTestClient.Create(deadUrl);

        var error = await Assert.ThrowsAsync<DirectoryUnavailableException>(() => deadClient.GetUserAsync(Guid.NewGuid().ToString()));

        Assert.Contains("cannot be reached", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Graph_that_does_not_answer_in_time_becomes_DirectoryUnavailableException()
    {
        var user = stub.Directory.AddUser("Megan Bowen", "megan@contoso.test");
        var impatient = GraphTestClient.Create(stub, timeout: TimeSpan.FromMilliseconds(200));
        stub.ResponseDelay = TimeSpan.FromMilliseconds(800);

        var error = await Assert.ThrowsAsync<DirectoryUnavailableException>(() => impatient.GetUserAsync(user.Id));

        Assert.Contains("did not answer in time", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_transient_503_is_retried_by_the_Graph_middleware()
    {
        var user = stub.Directory.AddUser("Megan Bowen", "megan@contoso.test");
        var retrying = GraphTestClient.Create(stub, maxRetries: 1);
        stub.FailNextRequests(1);

        var found = await retrying.GetUserAsync(user.Id);

        Assert.Equal(user.Id, found?.Id);
        Assert.Equal(1, stub.RequestCount("unavailable"));
        Assert.Equal(1, stub.RequestCount("user"));
    }
}
