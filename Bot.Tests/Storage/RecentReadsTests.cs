using Bot.Tests.Identity;
using HubSpotTeamsBot.Storage;

namespace Bot.Tests.Storage;

public sealed class RecentReadsTests
{
    private readonly ManualTimeProvider _time = new(DateTimeOffset.Parse("2026-11-30T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private int _reads;

    private Task<string> Read() => Task.FromResult($"value {Interlocked.Increment(ref _reads)}");

    [Fact]
    public async Task A_read_is_served_from_memory_until_the_ttl_passes()
    {
        var recent = new RecentReads<string>(TimeSpan.FromSeconds(5), _time);

        var first = await recent.GetOrReadAsync("tenant", Read);
        _time.Advance(TimeSpan.FromSeconds(4));
        var second = await recent.GetOrReadAsync("tenant", Read);
        _time.Advance(TimeSpan.FromSeconds(2));
        var third = await recent.GetOrReadAsync("tenant", Read);

        Assert.Equal(("value 1", "value 1", "value 2"), (first, second, third));
    }

    [Fact]
    public async Task Forget_makes_the_next_read_go_to_storage()
    {
        var recent = new RecentReads<string>(TimeSpan.FromMinutes(1), _time);
        await recent.GetOrReadAsync("tenant", Read);

        recent.Forget("tenant");

        Assert.Equal("value 2", await recent.GetOrReadAsync("tenant", Read));
        Assert.Equal("value 2", await recent.GetOrReadAsync("tenant", Read));
    }

    [Fact]
    public async Task A_read_that_raced_a_write_is_not_kept()
    {
        var recent = new RecentReads<string>(TimeSpan.FromMinutes(1), _time);
        var inFlight = new TaskCompletionSource<string>();

        var racing = recent.GetOrReadAsync("tenant", () => inFlight.Task);
        recent.Forget("tenant"); // a write finished while the read was on its way
        inFlight.SetResult("before the write");

        Assert.Equal("before the write", await racing);
        Assert.Equal("value 1", await recent.GetOrReadAsync("tenant", Read));
    }

    [Fact]
    public async Task Keys_are_kept_apart_and_a_zero_ttl_always_reads()
    {
        var off = new RecentReads<string>(TimeSpan.Zero, _time);
        await off.GetOrReadAsync("tenant", Read);
        await off.GetOrReadAsync("tenant", Read);
        Assert.Equal(2, _reads);

        var on = new RecentReads<string>(TimeSpan.FromMinutes(1), _time);
        Assert.Equal("value 3", await on.GetOrReadAsync("a", Read));
        Assert.Equal("value 4", await on.GetOrReadAsync("b", Read));
    }
}
