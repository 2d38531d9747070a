using System.Collections.Concurrent;

namespace HubSpotSandbox.State;

/// <summary>
/// Every API call the rate limiter counted for a portal, admitted or refused: when, which endpoint, which limit and who
/// called (the User-Agent, which names the calling instance). Lets a test find where 429s come from: which instance
/// spent the window that the refused call found full. Bounded, oldest first out.
/// </summary>
public sealed class RateLimitLog
{
    private const int Capacity = 50_000;
    private readonly ConcurrentQueue<RateLimitEntry> entries = new();

    public void Add(RateLimitEntry entry)
    {
        entries.Enqueue(entry);
        while (entries.Count > Capacity && entries.TryDequeue(out _))
        {
        }
    }

    public IReadOnlyList<RateLimitEntry> Entries => [.. entries];

    public void Clear() => entries.Clear();
}

/// <param name="At">When the limiter counted the call (the sandbox's clock).</param>
/// <param name="Kind">The endpoint kind, as in the request counts.</param>
/// <param name="Limit">"burst" (10-second window) or "search" (one-second window).</param>
/// <param name="Admitted">False when the call was answered 429.</param>
/// <param name="Caller">The request's User-Agent.</param>
public sealed record RateLimitEntry(DateTimeOffset At, string Kind, string Limit, bool Admitted, string Caller);
