using Bot.Tests.Harness;
using HubSpotTeamsBot.BotFramework.Auth;
using HubSpotTeamsBot.BotFramework.Connector;
using HubSpotTeamsBot.BotFramework.Schema;
using Microsoft.Extensions.DependencyInjection;

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

    [Fact]
    public async Task Messages_sent_while_the_bot_is_starting_share_one_token_request_with_the_warm_up()
    {
        await using var host = new BotHost(_simulator);
        using var http = host.Start();
        host.Services.GetRequiredService<TrustedServiceUrls>().Trust(_simulator.ServiceUrl);
        var connector = host.Services.GetRequiredService<ConnectorClient>();

        await Task.WhenAll(Enumerable.Range(0, 5).Select(i => connector.SendAsync(_simulator.ServiceUrl, $"a:start-{i}", Activity.Message($"early {i}"))));
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!host.Logs.Lines.Any(l => l.Contains("Warmed up", StringComparison.Ordinal)) && !wait.IsCancellationRequested)
            await Task.Delay(50, CancellationToken.None);

        Assert.Equal(5, _simulator.Connector.Calls.Count);
        Assert.Equal(1, _simulator.TokenRequests);
    }
}
