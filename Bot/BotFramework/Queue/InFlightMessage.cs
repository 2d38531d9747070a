using Azure.Storage.Queues.Models;
using HubSpotTeamsBot.Storage;

namespace HubSpotTeamsBot.BotFramework.Queue;

/// <summary>A queue message this instance has received and keeps hidden while its turn runs.</summary>
internal sealed class InFlightMessage(QueueMessage message)
{
    public string MessageId { get; } = message.MessageId;
    public long DequeueCount { get; } = message.DequeueCount;
    public string PopReceipt { get; set; } = message.PopReceipt;

    /// <summary>A renewal changes the pop receipt; the delete must not race it with the old one.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>The turn's claim while it runs (its ETag changes with every extension).</summary>
    public IdempotencyClaim? Claim { get; set; }
}
