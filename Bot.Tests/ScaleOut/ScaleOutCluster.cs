using System.Globalization;
using Bot.Tests.Harness;
using Bot.Tests.Storage;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.ScaleOut;

/// <summary>
/// Several bot processes (the built bot, configured only through environment variables, as App Service runs each
/// instance) sharing one Azurite (data on disk, so it can be restarted), one HubSpot sandbox that enforces HubSpot's
/// rate limits, one Graph stub and one channel simulator whose connector records every reply.
/// </summary>
public sealed class ScaleOutCluster : IAsyncDisposable
{
    private readonly BotProcess?[] _bots;
    private readonly int[] _ports;
    private readonly int[] _starts;
    private readonly Dictionary<string, string> _environment;

    private ScaleOutCluster(AzuriteFixture azurite, ChannelSimulator simulator, SandboxHost sandbox, GraphStub graph, IReadOnlyList<TeamsUser> users, int instances)
    {
        Azurite = azurite;
        Simulator = simulator;
        Sandbox = sandbox;
        Graph = graph;
        Users = users;
        _bots = new BotProcess?[instances];
        _ports = Enumerable.Range(0, instances).Select(_ => LoopbackPort.Free()).ToArray();
        _starts = new int[instances];
        _environment = new Dictionary<string, string>(BotProcess.BackendSettings(simulator, azurite, sandbox, graph))
        {
            ["Bot__PublicBaseUrl"] = "http://127.0.0.1/",
            // Generous per-call budgets: three bots, Azurite and the sandbox share two cores here.
            ["HubSpot__AttemptTimeout"] = "00:00:05",
            ["HubSpot__CallTimeout"] = "00:00:08",
            ["HubSpot__RateLimitWait"] = "00:00:03",
            ["ActivityQueue__Kind"] = "Storage",
            // The production default: longer than the Azurite restart (which took up to 31 s on a busy box), which a
            // finished turn's bookkeeping waits out; a shorter one let a message come back while its turn was finishing.
            ["ActivityQueue__VisibilityTimeout"] = "00:00:30",
            ["ActivityQueue__MaxPollDelay"] = "00:00:00.250",
        };
        for (var i = 0; i < users.Count; i++) _environment[$"Roles__BootstrapAdmins__{i}"] = users[i].AadObjectId;
    }

    public AzuriteFixture Azurite { get; }
    public ChannelSimulator Simulator { get; }
    public SandboxHost Sandbox { get; }
    public GraphStub Graph { get; }
    public IReadOnlyList<TeamsUser> Users { get; }
    public int Instances => _bots.Length;

    public Uri AddressOf(int instance) => new($"http://127.0.0.1:{_ports[instance]}/");

    public string OutputOf(int instance) => _bots[instance]?.Output ?? string.Empty;

    public static async Task<ScaleOutCluster> StartAsync(int instances, int users)
    {
        var azurite = new AzuriteFixture { KeepDataAcrossRestarts = true };
        await azurite.StartAsync();
        var simulator = await ChannelSimulator.StartAsync();
        simulator.Connector.RecordCalls = true;
        var sandbox = SandboxHost.Start(new Dictionary<string, string?> { ["Sandbox:Behaviour:EnforceRateLimits"] = "true" });
        var graph = await GraphStub.StartAsync();
        var people = Enumerable.Range(0, users).Select(i => TeamsUser.New($"Scale User{i:D2}")).ToList();
        foreach (var person in people) graph.Directory.AddUser(person.Name, person.Email, id: person.AadObjectId);
        var cluster = new ScaleOutCluster(azurite, simulator, sandbox, graph, people, instances);
        // Link the portal before any bot starts, so every instance loads the one Data Protection key that wrapped it.
        await cluster.LinkPortalAsync();
        await Task.WhenAll(Enumerable.Range(0, instances).Select(cluster.StartInstanceAsync));
        return cluster;
    }

    public async Task StartInstanceAsync(int instance)
    {
        if (_bots[instance] is { } old) await old.DisposeAsync();
        // Each instance names itself as App Service's WEBSITE_INSTANCE_ID does; the bot puts it in its HubSpot
        // User-Agent, so the sandbox's rate-limit log tells which instance (and which start of it) spent the budget.
        var environment = new Dictionary<string, string>(_environment) { ["WEBSITE_INSTANCE_ID"] = InstanceName(instance, ++_starts[instance]) };
        var bot = BotProcess.Start(environment, _ports[instance], [Simulator.Certificate]);
        _bots[instance] = bot;
        await bot.WaitUntilHealthyAsync(TimeSpan.FromSeconds(120));
    }

    /// <summary>The instance id a start of an instance gets (instance 1's second start: "bot1.2").</summary>
    public static string InstanceName(int instance, int start) => string.Create(CultureInfo.InvariantCulture, $"bot{instance}.{start}");

    /// <summary>SIGKILL: no drain, no lease release, messages it had taken stay hidden until their visibility ends.</summary>
    public Task KillAsync(int instance) => _bots[instance]?.KillAsync() ?? Task.CompletedTask;

    private async Task LinkPortalAsync()
    {
        var tokens = await Sandbox.ConnectPortalAsync("20260301");
        await using var storage = StorageServices.Build(Azurite);
        var admin = Users[0];
        await storage.GetRequiredService<PortalLinkStore>().SaveAsync(tokens.LinkFor(ChannelSimulator.BotTenantId, admin.AadObjectId, admin.Name));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var bot in _bots)
        {
            if (bot is not null) await bot.DisposeAsync();
        }
        await Graph.DisposeAsync();
        await Sandbox.DisposeAsync();
        await Simulator.DisposeAsync();
        await Azurite.DisposeAsync();
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Instances} instances on {string.Join(", ", _ports)}");
}
