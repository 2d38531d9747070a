using Bot.Tests.Harness;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Storage;

/// <summary>
/// Several keys claimed and completed in one table transaction (the durable queue does this for the activities of one
/// queue message), on real Azurite: the records are the ones the single-key calls write, and a key that already
/// exists gets its usual answer while the others are still claimed.
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class IdempotencyBatchTests(AzuriteFixture azurite)
{
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Keys_claimed_together_are_completed_together_and_a_repeat_sees_them_completed()
    {
        await using var services = StorageServices.Build(azurite, time: _time);
        var store = services.GetRequiredService<IdempotencyStore>();
        var tenant = StorageServices.NewTenantId();
        string[] keys = ["turn:a|1", "turn:b|1", "turn:c|1"];

        var claims = await store.ClaimManyAsync(tenant, keys, TimeSpan.FromSeconds(30));

        Assert.All(claims, c => Assert.Equal(IdempotencyClaimStatus.Claimed, c.Status));
        Assert.All(claims, c => Assert.NotNull(c.ETag));
        Assert.Equal(keys, claims.Select(c => c.Key));
        // Claimed means taken: a single-key claim of the same key now waits.
        Assert.Equal(IdempotencyClaimStatus.InProgress, (await store.ClaimAsync(tenant, "turn:b|1")).Status);

        var completed = await store.CompleteManyAsync(claims, "{}");

        Assert.All(completed, c => Assert.Equal(IdempotencyClaimStatus.Completed, c.Status));
        foreach (var key in keys) Assert.Equal(IdempotencyClaimStatus.Completed, (await store.ClaimAsync(tenant, key)).Status);
    }

    [Fact]
    public async Task A_key_that_already_exists_gets_its_own_answer_and_the_others_are_still_claimed()
    {
        await using var services = StorageServices.Build(azurite, time: _time);
        var store = services.GetRequiredService<IdempotencyStore>();
        var tenant = StorageServices.NewTenantId();
        var earlier = await store.ClaimAsync(tenant, "turn:b|2");
        await store.CompleteAsync(earlier, """{"done":1}""");

        var claims = await store.ClaimManyAsync(tenant, ["turn:a|2", "turn:b|2", "turn:c|2"], TimeSpan.FromSeconds(30));

        Assert.Equal([IdempotencyClaimStatus.Claimed, IdempotencyClaimStatus.Completed, IdempotencyClaimStatus.Claimed], claims.Select(c => c.Status));
        Assert.Equal("""{"done":1}""", claims[1].ResultJson);
    }

    [Fact]
    public async Task When_one_claim_was_lost_completing_together_changes_nothing_and_the_others_complete_alone()
    {
        await using var services = StorageServices.Build(azurite, time: _time);
        var store = services.GetRequiredService<IdempotencyStore>();
        var tenant = StorageServices.NewTenantId();
        var claims = await store.ClaimManyAsync(tenant, ["turn:a|3", "turn:b|3"], TimeSpan.FromSeconds(30));

        // b's record changed since it was claimed (here: extended; in the queue, another attempt took it over).
        await store.ExtendAsync(claims[1], TimeSpan.FromSeconds(30));

        await Assert.ThrowsAsync<StorageConflictException>(() => store.CompleteManyAsync(claims, "{}"));

        Assert.Equal(IdempotencyClaimStatus.InProgress, (await store.ClaimAsync(tenant, "turn:a|3")).Status);
        await store.CompleteAsync(claims[0], "{}");
        await Assert.ThrowsAsync<StorageConflictException>(() => store.CompleteAsync(claims[1], "{}"));
        Assert.Equal(IdempotencyClaimStatus.Completed, (await store.ClaimAsync(tenant, "turn:a|3")).Status);
        Assert.Equal(IdempotencyClaimStatus.InProgress, (await store.ClaimAsync(tenant, "turn:b|3")).Status);
    }
}
