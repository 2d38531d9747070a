using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Bot.Tests.Harness;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Queue;

/// <summary>The durable queue with a 10 s visibility timeout: long enough to tell one redelivery delay from two.</summary>
public sealed class SlowRedeliveryQueueFixture : DurableQueueFixture
{
    public static readonly TimeSpan Visibility = TimeSpan.FromSeconds(10);

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["ActivityQueue:VisibilityTimeout"] = "00:00:10";
            settings["ActivityQueue:MaxDequeueCount"] = "5";
            return settings;
        }
    }
}

/// <summary>
/// How long a person waits after the instance running their turn crashed. The crashed instance extended the turn's
/// claim just after it last hid the message, so the claim outlives the message by a moment; the message that comes
/// back must run when that claim lapses, not after a second whole visibility timeout.
/// </summary>
public sealed class DurableQueueRecoveryTests(SlowRedeliveryQueueFixture bot) : IClassFixture<SlowRedeliveryQueueFixture>
{
    private readonly TeamsUser _user = TeamsUser.New("Lidia Holloway");

    [Fact]
    public async Task A_crashed_turn_whose_claim_outlives_its_message_runs_once_about_one_visibility_timeout_later()
    {
        var chat = TeamsConversation.Personal(_user);
        var tag = "lapse-" + Guid.NewGuid().ToString("N")[..8];
        var lease = await bot.HoldPartitionAsync(chat.Id);
        var activity = Activities.CardSubmit(bot.Simulator.ServiceUrl, chat, _user, new JsonObject { ["verb"] = "probe.submit", ["note"] = tag });
        using (var response = await bot.Teams.PostAsync(activity)) Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        // The "other instance" takes the message, claims its turn for a second longer than the message stays hidden,
        // and dies.
        var queue = bot.QueueFor(chat.Id);
        Azure.Storage.Queues.Models.QueueMessage? taken = null;
        while (taken is null)
        {
            foreach (var message in (await queue.ReceiveMessagesAsync(32, SlowRedeliveryQueueFixture.Visibility)).Value)
            {
                if (message.MessageText.Contains(tag, StringComparison.Ordinal)) taken = message;
                else await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero);
            }
        }
        var crashed = Stopwatch.StartNew();
        var idempotency = bot.Host.Services.GetRequiredService<IdempotencyStore>();
        var claim = await idempotency.ClaimAsync(ChannelSimulator.BotTenantId, $"turn:{chat.Id}|{activity["id"]!.GetValue<string>()}",
            SlowRedeliveryQueueFixture.Visibility + TimeSpan.FromSeconds(1));
        Assert.Equal(IdempotencyClaimStatus.Claimed, claim.Status);
        await lease.ReleaseAsync();

        await bot.Teams.Connector.WaitForMessageAsync(chat.Id, c => c.Text == "submitted", TimeSpan.FromSeconds(40));
        var waited = crashed.Elapsed;

        // Not before the crashed attempt's claim lapsed (one run per activity), and well before the 20 s a second
        // visibility timeout would have added.
        Assert.InRange(waited, SlowRedeliveryQueueFixture.Visibility, TimeSpan.FromSeconds(17));
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(1, bot.Teams.Connector.Calls.Count(c => c.Method == "POST" && c.Path.Contains(Uri.EscapeDataString(chat.Id), StringComparison.Ordinal) && c.Text == "submitted"));
        lock (bot.Probe.Submits) Assert.Single(bot.Probe.Submits, n => n == tag);
    }
}
