using System.Collections.Concurrent;

namespace HubSpotTeamsBot.BotFramework.Limits;

/// <summary>
/// "First N, then a count": for a key (a person, a log message), lets the first <c>allowed</c> occurrences in a window
/// through and counts the rest, handing the count to the first occurrence of the next window so it can be written as
/// one line or one audit row. Keeps log lines and audit rows bounded under a flood without losing how many there were.
/// </summary>
public sealed class RepeatCounter(TimeProvider clock, TimeSpan window, int allowed)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Whether to write this occurrence, and how many were held back in the window before.</summary>
    public (bool Write, long HeldBack) Next(string key)
    {
        var now = clock.GetUtcNow();
        var entry = _entries.GetOrAdd(key, _ => new Entry(now));
        lock (entry)
        {
            if (now - entry.Start >= window)
            {
                var held = entry.HeldBack;
                entry.Start = now;
                entry.Written = 1;
                entry.HeldBack = 0;
                Trim(now);
                return (true, held);
            }
            if (entry.Written < allowed)
            {
                entry.Written++;
                return (true, 0);
            }
            entry.HeldBack++;
            return (false, 0);
        }
    }

    // Forget keys idle for a few windows so a stream of one-off senders cannot grow the table without end.
    private void Trim(DateTimeOffset now)
    {
        if (_entries.Count < 10_000) return;
        foreach (var (key, entry) in _entries)
            if (now - entry.Start > window * 3 && entry.HeldBack == 0) _entries.TryRemove(key, out _);
    }

    private sealed class Entry(DateTimeOffset start)
    {
        public DateTimeOffset Start { get; set; } = start;
        public int Written { get; set; }
        public long HeldBack { get; set; }
    }
}
