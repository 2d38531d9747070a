using Bot.Tests.Harness;
using HubSpotTeamsBot.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bot.Tests.Webhooks;

/// <summary>
/// Azurite and the channel simulator for tests that start, stop and replace bot instances on the same storage:
/// each <see cref="StartBot"/> is one instance (real Kestrel), with its own recording handler or without a worker.
/// </summary>
public sealed class WebhookCluster : IAsyncLifetime
{
    public AzuriteFixture Azurite { get; } = new();
    public ChannelSimulator Simulator { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Azurite.StartAsync();
        Simulator = await ChannelSimulator.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Simulator.DisposeAsync();
        await Azurite.DisposeAsync();
    }

    /// <summary>An instance with <paramref name="handler"/> (and its worker), or without a worker when null.</summary>
    public WebhookInstance StartBot(RecordingEventHandler? handler, string prefix, IDictionary<string, string?>? extra = null)
    {
        var port = LoopbackPort.Free();
        var settings = WebhookBotFixture.Webhooks(new Uri($"http://127.0.0.1:{port}/"));
        settings["Storage:ConnectionString"] = Azurite.ConnectionString;
        settings["Storage:TablePrefix"] = prefix;
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>()) settings[key] = value;
        var host = new BotHost(Simulator, settings, configureServices: services =>
        {
            if (handler is not null) services.AddSingleton<IHubSpotEventHandler>(handler);
            else services.Remove(services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(WebhookWorker)));
        }, port: port);
        var http = host.Start();
        return new WebhookInstance(host, http);
    }
}

public sealed class WebhookInstance(BotHost host, HttpClient http) : IAsyncDisposable
{
    public BotHost Host => host;
    public Uri WebhookUrl => new(host.BaseAddress, "api/hubspot/webhooks");
    public IServiceProvider Services => host.Services;

    public Task<HttpResponseMessage> PostAsync(string body) => http.SendAsync(SignedWebhooks.Request(WebhookUrl, body));

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await host.DisposeAsync();
    }
}
