using Bot.Tests.Harness;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Storage;

[Collection(AzuriteCollectionDefinition.Name)]
public sealed class RoleAssignmentStoreTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Saved_assignments_round_trip_and_list_per_tenant()
    {
        await using var services = StorageServices.Build(azurite);
        var store = services.GetRequiredService<RoleAssignmentStore>();
        var tenant = StorageServices.NewTenantId();
        var user = Grant(tenant, "user-1", PrincipalKind.User, "Admin");
        var group = Grant(tenant, "group-1", PrincipalKind.Group, "Editor") with { DisplayName = "Sales" };

        await store.SaveAsync(user);
        await store.SaveAsync(group);
        var read = await store.GetAsync(tenant, "group-1");
        var all = await store.ListAsync(tenant);

        Assert.Equal(group with { ETag = read!.ETag }, read);
        Assert.NotNull(read.ETag);
        Assert.Equal(["group-1", "user-1"], all.Select(a => a.PrincipalId).Order());
    }

    [Fact]
    public async Task Saving_without_etag_replaces_the_grant()
    {
        await using var services = StorageServices.Build(azurite);
        var store = services.GetRequiredService<RoleAssignmentStore>();
        var tenant = StorageServices.NewTenantId();
        await store.SaveAsync(Grant(tenant, "user-1", PrincipalKind.User, "Viewer"));

        await store.SaveAsync(Grant(tenant, "user-1", PrincipalKind.User, "Editor"));

        Assert.Equal("Editor", (await store.GetAsync(tenant, "user-1"))!.Role);
        Assert.Single(await store.ListAsync(tenant));
    }

    [Fact]
    public async Task Saving_a_stale_copy_is_a_conflict_and_keeps_the_newer_grant()
    {
        await using var services = StorageServices.Build(azurite);
        var store = services.GetRequiredService<RoleAssignmentStore>();
        var tenant = StorageServices.NewTenantId();
        var original = await store.SaveAsync(Grant(tenant, "user-1", PrincipalKind.User, "Viewer"));
        await store.SaveAsync(original with { Role = "Admin" });

        await Assert.ThrowsAsync<StorageConflictException>(() => store.SaveAsync(original with { Role = "Editor" }));

        Assert.Equal("Admin", (await store.GetAsync(tenant, "user-1"))!.Role);
    }

    [Fact]
    public async Task Delete_reports_whether_a_grant_existed()
    {
        await using var services = StorageServices.Build(azurite);
        var store = services.GetRequiredService<RoleAssignmentStore>();
        var tenant = StorageServices.NewTenantId();
        await store.SaveAsync(Grant(tenant, "user-1", PrincipalKind.User, "Viewer"));

        Assert.True(await store.DeleteAsync(tenant, "user-1"));
        Assert.False(await store.DeleteAsync(tenant, "user-1"));
        Assert.Null(await store.GetAsync(tenant, "user-1"));
    }

    internal static RoleAssignment Grant(string tenant, string principal, PrincipalKind kind, string role) => new()
    {
        TenantId = tenant,
        PrincipalId = principal,
        Kind = kind,
        DisplayName = principal + " name",
        Role = role,
        GrantedByAadObjectId = "granter",
        GrantedByName = "Grace Granter",
        GrantedAt = new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero),
    };
}
