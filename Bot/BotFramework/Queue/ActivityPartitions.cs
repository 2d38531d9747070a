using System.Text;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.BotFramework.Queue;

/// <summary>
/// Names the partition queues and picks one per conversation. One storage queue is good for about 2,000 messages/s;
/// several spread a busy deployment, and a conversation always lands on the same one, so its messages stay in order.
/// </summary>
public sealed class ActivityPartitions
{
    private readonly string[] _names;

    public ActivityPartitions(IOptions<ActivityQueueOptions> queue, IOptions<StorageOptions> storage)
    {
        var prefix = storage.Value.TablePrefix.ToLowerInvariant() + queue.Value.QueueName;
        _names = Enumerable.Range(0, queue.Value.Partitions).Select(i => $"{prefix}-{i}").ToArray();
        BlobContainer = prefix + "-bodies";
        LeaseContainer = prefix + "-leases";
    }

    public int Count => _names.Length;

    public IReadOnlyList<string> QueueNames => _names;

    /// <summary>Holds activities too large for a queue message.</summary>
    public string BlobContainer { get; }

    /// <summary>Holds one blob per partition, whose lease says which instance works that partition.</summary>
    public string LeaseContainer { get; }

    public int Of(string conversationId) => (int)(Fnv1a(conversationId) % (uint)_names.Length);

    /// <summary>FNV-1a: stable across processes and versions (string.GetHashCode is randomised per process).</summary>
    private static uint Fnv1a(string text)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash ^= b;
            hash *= 16777619u;
        }
        return hash;
    }
}
