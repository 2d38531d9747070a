using Bot.Tests.Harness;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Storage;

[Collection(AzuriteCollectionDefinition.Name)]
public sealed class IdempotencyStoreTests(AzuriteFixture azurite)
{
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 29, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Two_concurrent_claims_have_exactly_one_winner()
    {
        await using var services = StorageServices.Build(azurite, time: _time);
        var store = services.GetRequiredService<IdempotencyStore>();
        var tenant = StorageServices.NewTenantId();

        var claims = await Task.WhenAll(store.ClaimAsync(tenant, "submit-1"), store.ClaimAsync(tenant, "submit-1"));

        Assert.Single(claims, c => c.Status == IdempotencyClaimStatus.Claimed);
        Assert.Single(claims, c => c.Status == IdempotencyClaimStatus.InProgress);
    }

    [Fact]
    public async Task A_repeat_after_completion_returns_the_first_result()
    {
        await using var services = StorageServices.Build(azurite, time: _time);
        var store = services.GetRequiredService<IdempotencyStore>();
        var tenant = StorageServices.NewTenantId();
        var claim = await store.ClaimAsync(tenant, "f:activity/1#x");
        await store.CompleteAsync(claim, """{"contactId":"501"}""");

        _time.Advance(TimeSpan.FromHours(23));
        var repeat = await store.ClaimAsync(tenant, "f:activity/1#x");

        Assert.Equal(IdempotencyClaimStatus.Completed, repeat.Status);
        Assert.Equal("""{"contactId":"501"}""", repeat.ResultJson);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Keys_longer_than_a_row_key_can_hold_are_claimed_alone_and_together_and_stay_distinct(int together)
    {
        await using var services = StorageServices.Build(azurite, time: _time);
        var store = services.GetRequiredService<IdempotencyStore>();
        var tenant = StorageServices.NewTenantId();
        // A turn key holds a conversation id of up to 2,048 characters; storage's row keys hold 1 KiB.
        var keys = Enumerable.Range(0, together).Select(i => $"turn:{new string('c', 2048)}/{i}|{i}").ToList();

        var claims = together == 1 ? [await store.ClaimAsync(tenant, keys[0])] : await store.ClaimManyAsync(tenant, keys, TimeSpan.FromMinutes(1));
        foreach (var claim in claims) await store.CompleteAsync(claim, "{\"ok\":true}");
        var again = await Task.WhenAll(keys.Select(k => store.ClaimAsync(tenant, k)));
        var other = await store.ClaimAsync(tenant, keys[0] + "x");

        Assert.All(claims, c => Assert.Equal(IdempotencyClaimStatus.Claimed, c.Status));
        Assert.All(again, c => Assert.Equal(IdempotencyClaimStatus.Completed, c.Status));
        Assert.Equal(IdempotencyClaimStatus.Claimed, other.Status);
    }

    [Fact]
    public async Task A_released_claim_can_be_claimed_again()
    {
        await using var services = StorageServices.Build(azurite, time: _time);
        var store = services.GetRequiredService<IdempotencyStore>();
        var tenant = StorageServices.NewTenantId();
        var claim = await store.ClaimAsync(tenant, "submit-2");

        await store.ReleaseAsync(claim);

        Assert.Equal(IdempotencyClaimStatus.Claimed, (await store.ClaimAsync(tenant, "submit-2")).Status);
    }

    [Fact]
    public async Task An_abandoned_claim_expires_and_the_old_owner_can_no_longer_complete_it()
    {
        await using var services = StorageServices.Build(azurite, time: _time);
        var store = services.GetRequiredService<IdempotencyStore>();
        var tenant = StorageServices.NewTenantId();
        var abandoned = await store.ClaimAsync(tenant, "submit-3");

        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(IdempotencyClaimStatus.InProgress, (await store.ClaimAsync(tenant, "submit-3")).Status);
        _time.Advance(TimeSpan.FromMinutes(2));
        var takeover = await store.ClaimAsync(tenant, "submit-3");

        Assert.Equal(IdempotencyClaimStatus.Claimed, takeover.Status);
        await Assert.ThrowsAsync<StorageConflictException>(() => store.CompleteAsync(abandoned, "{}"));
        await store.CompleteAsync(takeover, """{"ok":true}""");
        Assert.Equal("""{"ok":true}""", (await store.ClaimAsync(tenant, "submit-3")).ResultJson);
    }

    [Fact]
    public async Task A_result_older_than_the_ttl_no_longer_answers()
    {
        await using var services = StorageServices.Build(azurite, time: _time);
        var store = services.GetRequiredService<IdempotencyStore>();
        var tenant = StorageServices.NewTenantId();
        await store.CompleteAsync(await store.ClaimAsync(tenant, "submit-4"), "{}");

        _time.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));

        Assert.Equal(IdempotencyClaimStatus.Claimed, (await store.ClaimAsync(tenant, "submit-4")).Status);
    }

    [Fact]
    public async Task An_oversized_result_is_refused_and_the_claim_stays_open()
    {
        await using var services = StorageServices.Build(azurite, time: _time);
        var store = services.GetRequiredService<IdempotencyStore>();
        var tenant = StorageServices.NewTenantId();
        var claim = await store.ClaimAsync(tenant, "submit-5");

        await Assert.ThrowsAsync<ArgumentException>(() => store.CompleteAsync(claim, new string('x', IdempotencyStore.MaxResultLength + 1)));

        await store.CompleteAsync(claim, "{}");
        Assert.Equal(IdempotencyClaimStatus.Completed, (await store.ClaimAsync(tenant, "submit-5")).Status);
    }
}
