using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Harness;

/// <summary>A channel simulator, Azurite, and the real bot wired to both; shared by the tests of one class.</summary>
public class BotFixture : IAsyncLifetime
{
    public AzuriteFixture Azurite { get; } = new();
    public ChannelSimulator Simulator { get; private set; } = null!;
    public BotHost Host { get; private set; } = null!;
    public SimulatedTeams Teams { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;

    /// <summary>The bot's port, chosen before start so <see cref="Settings"/> can name the bot's own URLs.</summary>
    protected int BotPort { get; } = LoopbackPort.Free();

    protected Uri BotUrl => new($"http://127.0.0.1:{BotPort}/");

    /// <summary>Extra settings for the bot (e.g. storage, HubSpot) supplied by derived fixtures.</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    /// <summary>The bot's hosting environment; Development-only switches need "Development".</summary>
    protected virtual string Environment => "Testing";

    /// <summary>Extra services for the bot (e.g. a test-only feature).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public virtual async Task InitializeAsync()
    {
        await Azurite.StartAsync();
        Simulator = await ChannelSimulator.StartAsync();
        var settings = new Dictionary<string, string?>(Settings) { ["Storage:ConnectionString"] = Azurite.ConnectionString };
        Host = new BotHost(Simulator, settings, Environment, ConfigureServices, BotPort);
        Http = Host.Start();
        Teams = new SimulatedTeams(Simulator, Http);
    }

    public virtual async Task DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
        await Simulator.DisposeAsync();
        await Azurite.StopAsync();
    }
}
