using Azure.Data.Tables;
using Bot.Tests.Harness;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Storage;

[Collection(AzuriteCollectionDefinition.Name)]
public sealed class TenantIsolationTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Tenant_B_never_sees_tenant_A_rows_in_any_store()
    {
        var prefix = StorageServices.NewTablePrefix();
        await using var services = StorageServices.Build(azurite, prefix, new ManualTimeProvider(Now));
        var a = StorageServices.NewTenantId();
        var b = StorageServices.NewTenantId();

        // The same principal, user, conversation, key and state ids in both tenants.
        foreach (var tenant in new[] { a, b })
        {
            await services.GetRequiredService<PortalLinkStore>().SaveAsync(PortalLinks.New(tenant, "access-" + tenant, "refresh-" + tenant));
            await services.GetRequiredService<RoleAssignmentStore>().SaveAsync(RoleAssignmentStoreTests.Grant(tenant, "shared-user", PrincipalKind.User, "Admin") with { DisplayName = tenant });
            await services.GetRequiredService<ConversationReferenceStore>().SaveAsync(ConversationReferenceStoreTests.Personal(tenant, "shared-user", "a:shared") with { UserName = tenant });
            await services.GetRequiredService<AuditLog>().AppendAsync(AuditLogTests.Entry(tenant, Now, tenant));
        }

        var claimA = await services.GetRequiredService<IdempotencyStore>().ClaimAsync(a, "shared-key");
        await services.GetRequiredService<IdempotencyStore>().CompleteAsync(claimA, """{"tenant":"A"}""");
        var signInA = PendingSignInStoreTests.SignIn(a, Now) with { State = "shared-state" };
        await services.GetRequiredService<PendingSignInStore>().CreateAsync(signInA);

        var link = await services.GetRequiredService<PortalLinkStore>().GetAsync(b);
        Assert.Equal("access-" + b, link!.AccessToken);
        var roles = await services.GetRequiredService<RoleAssignmentStore>().ListAsync(b);
        Assert.Equal([b], roles.Select(r => r.DisplayName));
        Assert.Equal(b, (await services.GetRequiredService<RoleAssignmentStore>().GetAsync(b, "shared-user"))!.DisplayName);
        Assert.Equal(b, (await services.GetRequiredService<ConversationReferenceStore>().GetForUserAsync(b, "shared-user"))!.UserName);
        Assert.Equal(b, (await services.GetRequiredService<ConversationReferenceStore>().GetForConversationAsync(b, "a:shared"))!.UserName);
        var audit = await services.GetRequiredService<AuditLog>().ReadPageAsync(b, 100);
        Assert.Equal([b], audit.Entries.Select(e => e.ObjectId));
        Assert.Equal(IdempotencyClaimStatus.Claimed, (await services.GetRequiredService<IdempotencyStore>().ClaimAsync(b, "shared-key")).Status);
        Assert.Null(await services.GetRequiredService<PendingSignInStore>().ConsumeAsync(b, "shared-state"));
        Assert.NotNull(await services.GetRequiredService<PendingSignInStore>().ConsumeAsync(a, "shared-state"));

        // Deleting B's data leaves A's alone.
        await services.GetRequiredService<PortalLinkStore>().DeleteAsync(b);
        Assert.True(await services.GetRequiredService<RoleAssignmentStore>().DeleteAsync(b, "shared-user"));
        Assert.NotNull(await services.GetRequiredService<PortalLinkStore>().GetAsync(a));
        Assert.NotNull(await services.GetRequiredService<RoleAssignmentStore>().GetAsync(a, "shared-user"));
    }

    [Fact]
    public async Task Every_tenant_row_is_partitioned_by_its_tenant_id()
    {
        var prefix = StorageServices.NewTablePrefix();
        await using var services = StorageServices.Build(azurite, prefix, new ManualTimeProvider(Now));
        var tenant = StorageServices.NewTenantId();
        await services.GetRequiredService<PortalLinkStore>().SaveAsync(PortalLinks.New(tenant));
        await services.GetRequiredService<RoleAssignmentStore>().SaveAsync(RoleAssignmentStoreTests.Grant(tenant, "u", PrincipalKind.User, "Admin"));
        await services.GetRequiredService<ConversationReferenceStore>().SaveAsync(ConversationReferenceStoreTests.Personal(tenant, "u", "a:1"));
        await services.GetRequiredService<AuditLog>().AppendAsync(AuditLogTests.Entry(tenant, Now, "1"));
        await services.GetRequiredService<IdempotencyStore>().ClaimAsync(tenant, "k");
        await services.GetRequiredService<PendingSignInStore>().CreateAsync(PendingSignInStoreTests.SignIn(tenant, Now));

        var tenantTables = new[] { "PortalLinks", "RoleAssignments", "ConversationReferences", "AuditLog", "IdempotencyRecords", "PendingSignIns" };
        foreach (var table in tenantTables)
        {
            var rows = new List<TableEntity>();
            await foreach (var row in new TableClient(azurite.ConnectionString, prefix + table).QueryAsync<TableEntity>())
            {
                rows.Add(row);
            }

            Assert.NotEmpty(rows);
            Assert.All(rows, row => Assert.StartsWith(tenant, row.PartitionKey, StringComparison.Ordinal));
        }
    }
}
