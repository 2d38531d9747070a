using Azure.Data.Tables;
using Bot.Tests.Harness;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Storage;

[Collection(AzuriteCollectionDefinition.Name)]
public sealed class PortalLinkStoreTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Saved_link_reads_back_with_every_field_and_an_etag()
    {
        await using var services = StorageServices.Build(azurite);
        var store = services.GetRequiredService<PortalLinkStore>();
        var link = PortalLinks.New(StorageServices.NewTenantId()) with { LastRefreshedAt = DateTimeOffset.UnixEpoch, BrokenReason = "none" };

        var saved = await store.SaveAsync(link);
        var read = await store.GetAsync(link.TenantId);

        Assert.NotNull(saved.ETag);
        Assert.NotNull(read);
        Assert.Equal(saved.ETag, read.ETag);
        Assert.Equal(link.Scopes, read.Scopes);
        Assert.Equal(link.LinkedAt, read.LinkedAt);
        Assert.Equal(link with { ETag = read.ETag, Scopes = read.Scopes }, read);
    }

    [Fact]
    public async Task The_tenants_of_a_portal_are_found_by_its_id_for_webhook_events()
    {
        await using var services = StorageServices.Build(azurite);
        var store = services.GetRequiredService<PortalLinkStore>();
        var portal = Random.Shared.NextInt64(1_000_000, 9_000_000_000);
        var (first, second, other) = (StorageServices.NewTenantId(), StorageServices.NewTenantId(), StorageServices.NewTenantId());
        await store.SaveAsync(PortalLinks.New(first) with { PortalId = portal });
        await store.SaveAsync(PortalLinks.New(second) with { PortalId = portal, State = PortalLinkState.Broken });
        await store.SaveAsync(PortalLinks.New(other) with { PortalId = portal + 1 });

        Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), (await store.FindTenantsByPortalAsync(portal)).Order(StringComparer.Ordinal));
        Assert.Equal([other], await store.FindTenantsByPortalAsync(portal + 1));
        Assert.Empty(await store.FindTenantsByPortalAsync(portal + 2));
    }

    [Fact]
    public async Task Missing_link_reads_as_null()
    {
        await using var services = StorageServices.Build(azurite);

        Assert.Null(await services.GetRequiredService<PortalLinkStore>().GetAsync(StorageServices.NewTenantId()));
    }

    [Fact]
    public async Task Inserting_a_second_link_for_a_tenant_is_a_conflict_and_keeps_the_first()
    {
        await using var services = StorageServices.Build(azurite);
        var store = services.GetRequiredService<PortalLinkStore>();
        var tenant = StorageServices.NewTenantId();
        await store.SaveAsync(PortalLinks.New(tenant));

        await Assert.ThrowsAsync<StorageConflictException>(() => store.SaveAsync(PortalLinks.New(tenant) with { PortalId = 1 }));

        Assert.Equal(4_123_456_789_012, (await store.GetAsync(tenant))!.PortalId);
    }

    [Fact]
    public async Task Two_writers_on_one_link_one_wins_the_other_conflicts_then_retries_on_the_fresh_copy()
    {
        await using var services = StorageServices.Build(azurite);
        var store = services.GetRequiredService<PortalLinkStore>();
        var tenant = StorageServices.NewTenantId();
        await store.SaveAsync(PortalLinks.New(tenant));
        var writerA = (await store.GetAsync(tenant))!;
        var writerB = (await store.GetAsync(tenant))!;

        var results = await Task.WhenAll(
            Attempt(() => store.SaveAsync(writerA with { AccessToken = "refreshed-by-a" })),
            Attempt(() => store.SaveAsync(writerB with { UiDomain = "app.hubspot.com" })));

        Assert.Single(results, r => r is null);
        var loser = Assert.Single(results, r => r is not null);
        Assert.IsType<StorageConflictException>(loser);
        var winnerWasA = results[0] is null;

        // The loser re-reads and applies only its own change on top of the winner's.
        var fresh = (await store.GetAsync(tenant))!;
        var retried = winnerWasA
            ? await store.SaveAsync(fresh with { UiDomain = "app.hubspot.com" })
            : await store.SaveAsync(fresh with { AccessToken = "refreshed-by-a" });

        var final = (await store.GetAsync(tenant))!;
        Assert.Equal(retried.ETag, final.ETag);
        Assert.Equal("refreshed-by-a", final.AccessToken);
        Assert.Equal("app.hubspot.com", final.UiDomain);
    }

    [Fact]
    public async Task UpdateAsync_keeps_both_changes_when_writers_race()
    {
        await using var services = StorageServices.Build(azurite);
        var store = services.GetRequiredService<PortalLinkStore>();
        var tenant = StorageServices.NewTenantId();
        await store.SaveAsync(PortalLinks.New(tenant));
        var staleCopy = (await store.GetAsync(tenant))!;
        var calls = 0;

        var updated = await store.UpdateAsync(tenant, current =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                // Another instance saves between our read and our write.
                store.SaveAsync(staleCopy with { TimeZone = "America/New_York" }).GetAwaiter().GetResult();
            }

            return current with { Currency = "USD" };
        });

        Assert.Equal(2, calls);
        Assert.NotNull(updated);
        var final = (await store.GetAsync(tenant))!;
        Assert.Equal("USD", final.Currency);
        Assert.Equal("America/New_York", final.TimeZone);
    }

    [Fact]
    public async Task Deleted_link_is_gone()
    {
        await using var services = StorageServices.Build(azurite);
        var store = services.GetRequiredService<PortalLinkStore>();
        var tenant = StorageServices.NewTenantId();
        await store.SaveAsync(PortalLinks.New(tenant));

        await store.DeleteAsync(tenant);

        Assert.Null(await store.GetAsync(tenant));
    }

    [Fact]
    public async Task Token_columns_at_rest_are_not_the_plaintext()
    {
        var prefix = StorageServices.NewTablePrefix();
        await using var services = StorageServices.Build(azurite, prefix);
        var tenant = StorageServices.NewTenantId();
        await services.GetRequiredService<PortalLinkStore>().SaveAsync(PortalLinks.New(tenant, "pat-na1-ACCESS-0123456789", "REFRESH-abcdef-9876543210"));

        var raw = new TableClient(azurite.ConnectionString, prefix + "PortalLinks");
        var entity = (await raw.GetEntityAsync<TableEntity>(tenant, "portal")).Value;

        var everyValue = string.Join("\n", entity.Select(p => p.Value?.ToString()));
        Assert.DoesNotContain("ACCESS-0123456789", everyValue, StringComparison.Ordinal);
        Assert.DoesNotContain("REFRESH-abcdef-9876543210", everyValue, StringComparison.Ordinal);
        Assert.DoesNotContain(entity.Keys, k => k is "AccessToken" or "RefreshToken");
        Assert.False(string.IsNullOrEmpty(entity.GetString("AccessTokenProtected")));
        Assert.False(string.IsNullOrEmpty(entity.GetString("RefreshTokenProtected")));
    }

    [Fact]
    public async Task A_second_instance_sharing_the_account_decrypts_the_tokens()
    {
        var prefix = StorageServices.NewTablePrefix();
        var tenant = StorageServices.NewTenantId();
        await using (var first = StorageServices.Build(azurite, prefix))
        {
            await first.GetRequiredService<PortalLinkStore>().SaveAsync(PortalLinks.New(tenant, "shared-access", "shared-refresh"));
        }

        await using var second = StorageServices.Build(azurite, prefix);
        var read = await second.GetRequiredService<PortalLinkStore>().GetAsync(tenant);

        Assert.Equal(PortalLinkState.Linked, read!.State);
        Assert.Equal("shared-access", read.AccessToken);
        Assert.Equal("shared-refresh", read.RefreshToken);
    }

    [Fact]
    public async Task Tokens_encrypted_under_a_lost_key_ring_read_as_a_broken_link()
    {
        var tenant = StorageServices.NewTenantId();
        var original = StorageServices.NewTablePrefix();
        await using (var services = StorageServices.Build(azurite, original))
        {
            await services.GetRequiredService<PortalLinkStore>().SaveAsync(PortalLinks.New(tenant));
        }

        // Same row, but a deployment whose key ring never held the key that encrypted it.
        var other = StorageServices.NewTablePrefix();
        var row = (await new TableClient(azurite.ConnectionString, original + "PortalLinks").GetEntityAsync<TableEntity>(tenant, "portal")).Value;
        var target = new TableClient(azurite.ConnectionString, other + "PortalLinks");
        await target.CreateIfNotExistsAsync();
        await target.AddEntityAsync(row);

        await using var otherServices = StorageServices.Build(azurite, other);
        var read = await otherServices.GetRequiredService<PortalLinkStore>().GetAsync(tenant);

        Assert.Equal(PortalLinkState.Broken, read!.State);
        Assert.Contains("reconnect", read.BrokenReason, StringComparison.Ordinal);
        Assert.Equal("", read.AccessToken);
        Assert.Equal(4_123_456_789_012, read.PortalId);
    }

    private static async Task<Exception?> Attempt(Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}
