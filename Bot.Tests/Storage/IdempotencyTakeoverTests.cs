using Azure.Storage.Queues.Models;
using Bot.Tests.Harness;
using HubSpotTeamsBot.BotFramework.Queue;
using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Storage;

/// <summary>
/// Two attempts of one queued turn alive at once (storage was away longer than the visibility timeout): each can tell
/// whether the claim is still its own, and a turn finished by one stops the other before it answers again.
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class IdempotencyTakeoverTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_claim_is_held_through_its_extensions_and_not_after_another_attempt_took_it_over()
    {
        await using var services = StorageServices.Build(azurite, time: _time);
        var store = services.GetRequiredService<IdempotencyStore>();
        var tenant = StorageServices.NewTenantId();

        var first = await store.ClaimAsync(tenant, "turn:a|1", Lease);
        Assert.True(await store.IsHeldAsync(first));
        first = await store.ExtendAsync(first, Lease);
        Assert.True(await store.IsHeldAsync(first));

        _time.Advance(Lease + TimeSpan.FromSeconds(1));
        var second = await store.ClaimAsync(tenant, "turn:a|1", Lease);

        Assert.Equal(IdempotencyClaimStatus.Claimed, second.Status);
        Assert.NotNull(second.LapsedSince);
        Assert.False(await store.IsHeldAsync(first));
        Assert.True(await store.IsHeldAsync(second));
    }

    [Fact]
    public async Task A_turn_finished_by_the_attempt_that_lost_its_claim_is_done_for_the_one_that_took_it()
    {
        await using var services = StorageServices.Build(azurite, time: _time);
        var store = services.GetRequiredService<IdempotencyStore>();
        var tenant = StorageServices.NewTenantId();
        var first = await store.ClaimAsync(tenant, "turn:b|1", Lease);
        _time.Advance(Lease + TimeSpan.FromSeconds(1));
        var second = await store.ClaimAsync(tenant, "turn:b|1", Lease);

        await Assert.ThrowsAsync<StorageConflictException>(() => store.CompleteAsync(first, "{}"));
        await store.CompleteTakenOverAsync(first, "{}");

        Assert.False(await store.IsHeldAsync(second));
        Assert.Equal(IdempotencyClaimStatus.Completed, (await store.ClaimAsync(tenant, "turn:b|1", Lease)).Status);
    }

    [Fact]
    public async Task The_fence_reads_nothing_while_the_claim_is_safe_and_stops_a_send_once_another_attempt_owns_the_turn()
    {
        await using var services = StorageServices.Build(azurite, time: _time);
        var store = services.GetRequiredService<IdempotencyStore>();
        var tenant = StorageServices.NewTenantId();
        var claim = await store.ClaimAsync(tenant, "turn:c|1", Lease);
        var message = InFlight(hiddenFor: Lease);
        message.Claims[0] = claim;
        var fence = new ClaimFence(store, message, 0, tookOver: false, renewalPeriod: Lease / 3);

        // Another attempt finishes the turn; this attempt's message renewals all succeeded, so nobody can have taken
        // its claim in earnest: the fence does not spend a read (and so does not notice this staged change).
        await store.CompleteTakenOverAsync(claim, "{}");
        await fence.EnsureHeldAsync();

        // Once a renewal failed, every send checks, and this one is stopped.
        message.RenewalMissed();
        await Assert.ThrowsAsync<TurnSupersededException>(fence.EnsureHeldAsync);
    }

    [Fact]
    public async Task An_attempt_that_took_over_a_lapsed_claim_checks_before_every_send()
    {
        await using var services = StorageServices.Build(azurite, time: _time);
        var store = services.GetRequiredService<IdempotencyStore>();
        var tenant = StorageServices.NewTenantId();
        var first = await store.ClaimAsync(tenant, "turn:d|1", Lease);
        _time.Advance(Lease + TimeSpan.FromSeconds(1));
        var second = await store.ClaimAsync(tenant, "turn:d|1", Lease);
        var message = InFlight(hiddenFor: Lease);
        message.Claims[0] = second;
        var fence = new ClaimFence(store, message, 0, tookOver: second.LapsedSince is not null, renewalPeriod: Lease / 3);

        await fence.EnsureHeldAsync();
        // The first attempt was alive after all, finished the turn and recorded it: the second one stops.
        await store.CompleteTakenOverAsync(first, "{}");
        await Assert.ThrowsAsync<TurnSupersededException>(fence.EnsureHeldAsync);
    }

    private static InFlightMessage InFlight(TimeSpan hiddenFor) =>
        new(QueuesModelFactory.QueueMessage("m1", "pop", "{}", 1, nextVisibleOn: DateTimeOffset.UtcNow + hiddenFor));
}
