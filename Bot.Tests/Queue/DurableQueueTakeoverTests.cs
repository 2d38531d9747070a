using System.Net;
using System.Text.Json.Nodes;
using Bot.Tests.Harness;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Queue;

/// <summary>
/// Storage away longer than the visibility timeout lets a second attempt take over a turn whose first attempt is
/// still running. Whichever finishes second must not answer the person again.
/// </summary>
public sealed class DurableQueueTakeoverTests(DurableQueueFixture bot) : IClassFixture<DurableQueueFixture>
{
    private readonly TeamsUser _user = TeamsUser.New("Megan Bowen");

    [Fact]
    public async Task A_running_turn_whose_claim_another_attempt_took_over_and_finished_sends_nothing()
    {
        var chat = TeamsConversation.Personal(_user);
        var tag = "takeover-" + Guid.NewGuid().ToString("N")[..8];
        var activity = Activities.CardSubmit(bot.Simulator.ServiceUrl, chat, _user, new JsonObject { ["verb"] = "probe.hold", ["note"] = tag });
        using (var response = await bot.Teams.PostAsync(activity)) Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await ProbeGate(bot.Probe.HoldStarted, tag).WaitAsync(TimeSpan.FromSeconds(30));

        // The other attempt (another instance, which got the message while this one could not renew it) finished the
        // turn and recorded it; this attempt's next renewal finds its claim gone.
        var idempotency = bot.Host.Services.GetRequiredService<IdempotencyStore>();
        var key = $"turn:{chat.Id}|{activity["id"]!.GetValue<string>()}";
        await idempotency.CompleteTakenOverAsync(new IdempotencyClaim { TenantId = ChannelSimulator.BotTenantId, Key = key, Status = IdempotencyClaimStatus.Claimed }, "{}");
        await Task.Delay(TimeSpan.FromSeconds(2)); // three renewal periods of the 2 s visibility timeout

        ProbeFeature.Gate(bot.Probe.HoldRelease, tag).SetResult();
        // Long enough for the reply, and for the message to come back once and be found finished.
        await Task.Delay(TimeSpan.FromSeconds(6));

        Assert.DoesNotContain(bot.Teams.Connector.Calls, c => c.Path.Contains(Uri.EscapeDataString(chat.Id), StringComparison.Ordinal) && c.Text == "held answered");
        lock (bot.Probe.Submits) Assert.Single(bot.Probe.Submits, n => n == tag);
        var left = (await bot.QueueFor(chat.Id).PeekMessagesAsync(32)).Value;
        Assert.DoesNotContain(left, m => m.MessageText.Contains(tag, StringComparison.Ordinal));
    }

    private static Task ProbeGate(System.Collections.Concurrent.ConcurrentDictionary<string, TaskCompletionSource> gates, string note) => ProbeFeature.Gate(gates, note).Task;
}
