using Bot.Tests.Harness;

namespace Bot.Tests.BotFramework;

/// <summary>The bot fetches the channel's signing keys and its connector token right after start, before any
/// activity arrives, so the first person to write does not wait for them.</summary>
public sealed class WarmUpTests : IAsyncLifetime
{
    private ChannelSimulator _simulator = null!;

    public async Task InitializeAsync() => _simulator = await ChannelSimulator.StartAsync();

    public async Task DisposeAsync() => await _simulator.DisposeAsync();

    [Fact]
    public async Task Signing_keys_and_the_connector_token_are_fetched_before_the_first_activity()
    {
        await using var host = new BotHost(_simulator);
        using var http = host.Start();

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((_simulator.SigningKeysRequests == 0 || _simulator.TokenRequests == 0) && !wait.IsCancellationRequested)
            await Task.Delay(50, CancellationToken.None);

        Assert.Equal(1, _simulator.SigningKeysRequests);
        Assert.Equal(1, _simulator.TokenRequests);
        Assert.Empty(_simulator.Connector.Calls);
    }
}
