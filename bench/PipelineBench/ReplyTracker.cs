using System.Collections.Concurrent;
using System.Diagnostics;
using Bot.Tests.Harness;

namespace PipelineBench;

/// <summary>
/// Matches replies arriving at the fake connector to the turn waiting for them. Each worker has its own
/// conversation and one turn in flight, so the conversation id in the reply's path is the correlation key.
/// </summary>
internal sealed class ReplyTracker
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<long>> _waiting = new(StringComparer.Ordinal);
    private long _unmatched;

    public long Unmatched => Interlocked.Read(ref _unmatched);

    /// <summary>Registers a turn in <paramref name="conversationId"/>; completes with the reply's arrival timestamp.</summary>
    public Task<long> Expect(string conversationId)
    {
        var pending = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[conversationId] = pending;
        return pending.Task;
    }

    public void Forget(string conversationId) => _waiting.TryRemove(conversationId, out _);

    /// <summary>The connector hook: a posted message activity ends the turn of its conversation.</summary>
    public void OnCall(ConnectorCall call)
    {
        var arrived = Stopwatch.GetTimestamp();
        // Only messages end a turn (docs/teams-protocol.md, "Connector REST API"); typing indicators and the like do not.
        if (call.Method != "POST" || call.Body?["type"]?.GetValue<string>() != "message") return;
        var conversation = ConversationOf(call.Path);
        if (conversation is not null && _waiting.TryRemove(conversation, out var pending))
            pending.TrySetResult(arrived);
        else
            Interlocked.Increment(ref _unmatched);
    }

    // Replies go to v3/conversations/{id}/activities[/{replyToId}].
    private static string? ConversationOf(string path)
    {
        var segments = path.Split('/');
        return segments.Length >= 4 && segments[0] == "v3" && segments[1] == "conversations" && segments[3] == "activities"
            ? Uri.UnescapeDataString(segments[2])
            : null;
    }
}
