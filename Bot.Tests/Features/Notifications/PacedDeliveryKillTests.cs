using System.Text.Json.Nodes;
using Bot.Tests.Harness;
using HubSpotTeamsBot.BotFramework.Auth;
using HubSpotTeamsBot.Features.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Tests.Features.Notifications;

/// <summary>
/// Two bot instances sharing one ledger (real Azurite) and one simulated Bot Connector (real HTTP): the first waits
/// for its pacer's turn behind a backlog in the conversation, the second gets the same event (a redelivered batch).
/// A card is neither lost when the first instance dies while waiting, nor posted twice when it lives on.
/// </summary>
public sealed class PacedDeliveryKillTests(BotFixture bot) : IClassFixture<BotFixture>
{
    private const string Tenant = ChannelSimulator.BotTenantId;

    [Fact]
    public async Task An_instance_killed_while_waiting_for_its_pacer_turn_leaves_the_card_to_the_next_instance()
    {
        var target = Target();
        var backlog = new SteppedClock(DateTimeOffset.UtcNow);
        using var busyPacer = await SaturatedPacerAsync(backlog, target);
        var clock = new ShiftedClock();
        var line = new CardLine(Random.Shared.NextInt64(1, long.MaxValue), "Stage: Qualified → Contract sent");
        using var kill = new CancellationTokenSource();

        var dying = Delivery(busyPacer, clock).DeliverAsync(target, "deals", "4001", [line], Card, kill.Token);
        await backlog.Asked.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(dying.IsCompleted);

        // The instance is gone (nothing of it runs any more); the batch comes back to another instance after the time
        // in which an unfinished claim still counts as a post under way.
        clock.Shift = TimeSpan.FromMinutes(1);
        using var freshPacer = new ConversationPacer(TimeProvider.System);
        var next = await Delivery(freshPacer, clock).DeliverAsync(target, "deals", "4001", [line], Card, CancellationToken.None);

        Assert.Equal(DeliveryResult.Posted, next.Result);
        Assert.Single(Posts(target));
        // A later redelivery is recognised as delivered: the card stays single.
        var again = await Delivery(freshPacer, clock).DeliverAsync(target, "deals", "4001", [line], Card, CancellationToken.None);
        Assert.Equal(DeliveryResult.AlreadyDelivered, again.Result);
        Assert.Single(Posts(target));

        await kill.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dying);
        Assert.Single(Posts(target));
    }

    [Fact]
    public async Task An_instance_whose_pacer_turn_comes_after_another_delivered_the_event_does_not_post_it_again()
    {
        var target = Target();
        var backlog = new SteppedClock(DateTimeOffset.UtcNow);
        using var busyPacer = await SaturatedPacerAsync(backlog, target);
        var line = new CardLine(Random.Shared.NextInt64(1, long.MaxValue), "Amount: 1,000 → 2,000");

        var waiting = Delivery(busyPacer, TimeProvider.System).DeliverAsync(target, "deals", "4002", [line], Card, CancellationToken.None);
        await backlog.Asked.Task.WaitAsync(TimeSpan.FromSeconds(30));
        using var freshPacer = new ConversationPacer(TimeProvider.System);
        var other = await Delivery(freshPacer, TimeProvider.System).DeliverAsync(target, "deals", "4002", [line], Card, CancellationToken.None);
        Assert.Equal(DeliveryResult.Posted, other.Result);

        // The backlog drains: the waiting instance gets its turn and finds the event on the other instance's card.
        backlog.Now += TimeSpan.FromHours(2);
        var late = await waiting.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(DeliveryResult.AlreadyDelivered, late.Result);
        Assert.Single(Posts(target));
    }

    [Fact]
    public async Task A_post_Teams_refuses_with_429_holds_no_claim_while_it_waits_for_Retry_After_and_is_posted_once()
    {
        var target = Target();
        using var pacer = new ConversationPacer(TimeProvider.System);
        var line = new CardLine(Random.Shared.NextInt64(1, long.MaxValue), "Stage: Qualified → Contract sent");
        var connector = bot.Teams.Connector;
        var refused = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connector.OnCall = call =>
        {
            if (call.Method == "POST" && Uri.UnescapeDataString(call.Path).Contains(target.ConversationId, StringComparison.Ordinal)) refused.TrySetResult();
        };
        connector.FailNext(429, """{"error":{"code":"Throttled","message":"Too many requests"}}""", retryAfter: "3");
        try
        {
            var delivering = Delivery(pacer, TimeProvider.System).DeliverAsync(target, "deals", "4003", [line], Card, CancellationToken.None);
            await refused.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await Task.Delay(TimeSpan.FromSeconds(1));

            // Waiting out Retry-After: the event is not claimed, so an instance killed now leaves it to be posted again.
            Assert.False(delivering.IsCompleted);
            var row = await bot.Host.Services.GetRequiredService<DeliveryLedger>().GetCardAsync(Tenant, target.ConversationId, "deals", "4003");
            Assert.DoesNotContain(line.EventId, row?.EventIds ?? []);

            var outcome = await delivering.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(DeliveryResult.Posted, outcome.Result);
            var calls = bot.Teams.Connector.Calls.Where(c => c.Method == "POST" && Uri.UnescapeDataString(c.Path).Contains(target.ConversationId, StringComparison.Ordinal)).ToList();
            Assert.Equal([429, 200], calls.Select(c => c.Status));
            Assert.Contains(line.EventId, (await bot.Host.Services.GetRequiredService<DeliveryLedger>().GetCardAsync(Tenant, target.ConversationId, "deals", "4003"))!.EventIds);
        }
        finally
        {
            connector.OnCall = null;
        }
    }

    private DeliveryTarget Target() =>
        new(Tenant, "19:paced-" + Guid.NewGuid().ToString("N") + "@thread.tacv2", "channel", bot.Teams.ServiceUrl);

    /// <summary>A pacer that has just sent as much as Teams allows in the conversation: the next send waits.</summary>
    private static async Task<ConversationPacer> SaturatedPacerAsync(SteppedClock clock, DeliveryTarget target)
    {
        var pacer = new ConversationPacer(clock);
        for (var i = 0; i < ConversationPacer.ConversationLimits[0].Limit; i++)
            await pacer.WaitTurnAsync(target.TenantId, target.ConversationId, CancellationToken.None);
        clock.Asked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return pacer;
    }

    /// <summary>One instance's delivery: its own pacer and stripes, the bot's ledger, connector and settings.</summary>
    private CardDelivery Delivery(ConversationPacer pacer, TimeProvider clock)
    {
        var services = bot.Host.Services;
        return new CardDelivery(services.GetRequiredService<DeliveryLedger>(), pacer, services, services.GetRequiredService<TrustedServiceUrls>(),
            services.GetRequiredService<ServiceUrlAllowList>(), services.GetRequiredService<IOptions<NotificationOptions>>(), clock,
            services.GetRequiredService<ILogger<CardDelivery>>());
    }

    private List<ConnectorCall> Posts(DeliveryTarget target) =>
        bot.Teams.Connector.Calls.Where(c => c.Method == "POST" && c.Status is >= 200 and < 300
            && Uri.UnescapeDataString(c.Path).Contains(target.ConversationId, StringComparison.Ordinal)).ToList();

    private static JsonObject Card(CardEntry entry) => new()
    {
        ["type"] = "AdaptiveCard",
        ["version"] = "1.5",
        ["body"] = new JsonArray(entry.Lines.Select(l => (JsonNode)new JsonObject { ["type"] = "TextBlock", ["text"] = l }).ToArray()),
    };

    /// <summary>A clock that moves only when the test moves it, and tells when the pacer first asks it the time.</summary>
    private sealed class SteppedClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public TaskCompletionSource Asked { get; set; } = new();

        public override DateTimeOffset GetUtcNow()
        {
            Asked.TrySetResult();
            return Now;
        }
    }

    /// <summary>The real clock, moved forward by the test (time passing between two instances' deliveries).</summary>
    private sealed class ShiftedClock : TimeProvider
    {
        public TimeSpan Shift { get; set; }

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Shift;
    }
}
