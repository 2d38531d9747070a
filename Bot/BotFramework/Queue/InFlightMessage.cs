using System.Collections.Concurrent;
using Azure.Storage.Queues.Models;
using HubSpotTeamsBot.Storage;

namespace HubSpotTeamsBot.BotFramework.Queue;

/// <summary>A queue message this instance has received and keeps hidden while its turns run.</summary>
internal sealed class InFlightMessage(QueueMessage message)
{
    private readonly Lock _blocked = new();

    public string MessageId { get; } = message.MessageId;
    public long DequeueCount { get; } = message.DequeueCount;
    public string PopReceipt { get; set; } = message.PopReceipt;

    /// <summary>Until when the message (and with it its turns' claims) is known to be hidden: moved on by each renewal that kept both.</summary>
    public DateTimeOffset HiddenUntil { get; private set; } = message.NextVisibleOn ?? DateTimeOffset.MinValue;

    /// <summary>
    /// Set for good when a renewal failed: the message may have come back and another attempt taken its turns'
    /// claims (storage away for longer than the visibility timeout), so the turns check their claim before replying.
    /// </summary>
    public bool RenewalFailed { get; private set; }

    public void Renewed(DateTimeOffset hiddenUntil) => HiddenUntil = hiddenUntil;

    public void RenewalMissed() => RenewalFailed = true;

    /// <summary>A renewal changes the pop receipt and the claims' ETags; the done marks and the delete must not race it.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>The claims of the message's turns (by the activity's place in the message) until they are marked done; each ETag changes with every extension.</summary>
    public ConcurrentDictionary<int, IdempotencyClaim> Claims { get; } = new();

    /// <summary>The latest expiry of another attempt's claim that kept one of its turns from running.</summary>
    public DateTimeOffset? Blocked { get; private set; }

    public void BlockedUntil(DateTimeOffset? expires)
    {
        lock (_blocked)
        {
            if (expires is null) return;
            if (Blocked is null || expires > Blocked) Blocked = expires;
        }
    }
}
