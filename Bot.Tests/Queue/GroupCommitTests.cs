using HubSpotTeamsBot.BotFramework.Queue;

namespace Bot.Tests.Queue;

/// <summary>
/// The durable queue's group commit: while one send to a partition is out, the activities accepted meanwhile wait and
/// go together in the next send, in the order they came, within the size limit; each caller learns the fate of the
/// send that held its activity.
/// </summary>
public sealed class GroupCommitTests
{
    [Fact]
    public async Task Activities_accepted_while_a_send_is_out_go_together_in_the_next_send_in_order()
    {
        var sends = new List<IReadOnlyList<string>>();
        var first = new TaskCompletionSource();
        var grouped = GroupCommit<string>.Whole(async group =>
        {
            lock (sends) sends.Add(group);
            if (sends.Count == 1) await first.Task;
        }, maxSize: 1000);

        var a = grouped.AddAsync("a", 1);
        Task[] rest = [grouped.AddAsync("b", 1), grouped.AddAsync("c", 1), grouped.AddAsync("d", 1)];
        Assert.False(a.IsCompleted);
        Assert.All(rest, t => Assert.False(t.IsCompleted));

        first.SetResult();
        await Task.WhenAll([a, .. rest]);

        Assert.Equal([["a"], ["b", "c", "d"]], sends.Select(s => s.ToArray()));
    }

    [Fact]
    public async Task A_group_stays_within_the_size_limit()
    {
        var sends = new List<IReadOnlyList<string>>();
        var first = new TaskCompletionSource();
        var grouped = GroupCommit<string>.Whole(async group =>
        {
            lock (sends) sends.Add(group);
            if (sends.Count == 1) await first.Task;
        }, maxSize: 80);

        var all = new List<Task> { grouped.AddAsync("first", 40) };
        all.AddRange(Enumerable.Range(0, 5).Select(i => grouped.AddAsync($"x{i}", 40)));
        first.SetResult();
        await Task.WhenAll(all);

        Assert.Equal([["first"], ["x0", "x1"], ["x2", "x3"], ["x4"]], sends.Select(s => s.ToArray()));
    }

    [Fact]
    public async Task With_room_for_two_writes_a_second_item_is_written_at_once_and_a_third_waits_for_one_of_them()
    {
        var started = new List<IReadOnlyList<string>>();
        var release = new TaskCompletionSource();
        var grouped = new GroupCommit<string>(async items =>
        {
            lock (started) started.Add(items);
            await release.Task;
            return new Exception?[items.Count];
        }, maxSize: 10, maxWritesOut: 2);

        Task[] all = [grouped.AddAsync("a"), grouped.AddAsync("b"), grouped.AddAsync("c"), grouped.AddAsync("d")];

        lock (started) Assert.Equal([["a"], ["b"]], started.Select(s => s.ToArray()));
        release.SetResult();
        await Task.WhenAll(all);
        lock (started) Assert.Equal(["a", "b", "c", "d"], started.SelectMany(s => s).Order());
    }

    [Fact]
    public async Task A_write_can_fail_one_item_and_complete_the_others()
    {
        var first = new TaskCompletionSource();
        var blocker = new GroupCommit<string>(async items =>
        {
            await first.Task;
            return [.. items.Select(i => i == "bad" ? new InvalidOperationException(i) : (Exception?)null)];
        }, maxSize: 10);
        var a = blocker.AddAsync("a");
        var good = blocker.AddAsync("good");
        var bad = blocker.AddAsync("bad");
        first.SetResult();

        await a;
        await good;
        await Assert.ThrowsAsync<InvalidOperationException>(() => bad);
    }

    [Fact]
    public async Task Every_caller_of_a_failed_send_gets_its_error_and_later_activities_are_sent_again()
    {
        var calls = 0;
        var first = new TaskCompletionSource();
        var grouped = GroupCommit<string>.Whole(async group =>
        {
            var call = Interlocked.Increment(ref calls);
            if (call == 1) await first.Task;
            if (call == 2) throw new IOException("storage went away");
        }, maxSize: 1000);

        var alone = grouped.AddAsync("a", 1);
        var b = grouped.AddAsync("b", 1);
        var c = grouped.AddAsync("c", 1);
        first.SetResult();
        await alone;

        await Assert.ThrowsAsync<IOException>(() => b);
        await Assert.ThrowsAsync<IOException>(() => c);
        await grouped.AddAsync("d", 1);
        Assert.Equal(3, calls);
    }
}
