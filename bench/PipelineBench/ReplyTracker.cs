using System.Collections.Concurrent;
using System.Diagnostics;
using Bot.Tests.Harness;

namespace PipelineBench;

/// <summary>
/// Matches replies arriving at the fake connector to the turns waiting for them, by the conversation id in the
/// reply's path. Normally each worker has its own conversation and one turn in flight, so the match is exact. In the
/// "one busy conversation" level every worker shares one conversation and the help card carries nothing that names
/// its turn, so a reply finishes the conversation's oldest waiting turn (first in, first out): the count of finished
/// turns is exact, a single turn's latency is the span to the next reply in that conversation.
/// </summary>
internal sealed class ReplyTracker
{
    private readonly ConcurrentDictionary<string, Waiting> _waiting = new(StringComparer.Ordinal);
    private long _unmatched;

    public long Unmatched => Interlocked.Read(ref _unmatched);

    /// <summary>Registers a turn in <paramref name="conversationId"/>; completes with the reply's arrival timestamp.</summary>
    public TaskCompletionSource<long> Expect(string conversationId)
    {
        var pending = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiting = _waiting.GetOrAdd(conversationId, _ => new Waiting());
        lock (waiting) waiting.Turns.AddLast(pending);
        return pending;
    }

    /// <summary>A turn that will not get its reply (HTTP error, timeout): no later reply should finish it.</summary>
    public void Forget(string conversationId, TaskCompletionSource<long> turn)
    {
        if (!_waiting.TryGetValue(conversationId, out var waiting)) return;
        lock (waiting) waiting.Turns.Remove(turn);
    }

    /// <summary>The connector hook: a posted message activity ends the oldest waiting turn of its conversation.</summary>
    public void OnCall(ConnectorCall call)
    {
        var arrived = Stopwatch.GetTimestamp();
        // Only messages end a turn (docs/teams-protocol.md, "Connector REST API"); typing indicators and the like do not.
        if (call.Method != "POST" || call.Body?["type"]?.GetValue<string>() != "message") return;
        var conversation = ConversationOf(call.Path);
        TaskCompletionSource<long>? turn = null;
        if (conversation is not null && _waiting.TryGetValue(conversation, out var waiting))
        {
            lock (waiting)
            {
                turn = waiting.Turns.First?.Value;
                if (turn is not null) waiting.Turns.RemoveFirst();
            }
        }
        if (turn is not null) turn.TrySetResult(arrived);
        else Interlocked.Increment(ref _unmatched);
    }

    // Replies go to v3/conversations/{id}/activities[/{replyToId}].
    private static string? ConversationOf(string path)
    {
        var segments = path.Split('/');
        return segments.Length >= 4 && segments[0] == "v3" && segments[1] == "conversations" && segments[3] == "activities"
            ? Uri.UnescapeDataString(segments[2])
            : null;
    }

    private sealed class Waiting
    {
        public LinkedList<TaskCompletionSource<long>> Turns { get; } = new();
    }
}
