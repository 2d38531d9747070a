using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Bot.Tests.Harness;
using Bot.Tests.Sandbox;
using Bot.Tests.Storage;
using HubSpotTeamsBot.Features.Notifications;
using HubSpotTeamsBot.Storage;
using HubSpotTeamsBot.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Features.Notifications;

/// <summary>
/// One real bot process (the built bot, configured only through environment variables) on one Azurite, the HubSpot
/// sandbox sending signed webhook batches to it, a Graph stub and the channel simulator whose connector records every
/// card. The bot can be SIGKILLed and started again on the same port and storage, as App Service restarts a crashed
/// instance.
/// </summary>
public sealed class NotificationKillStack : IAsyncDisposable
{
    private readonly Dictionary<string, string> _environment;
    private readonly int _port = LoopbackPort.Free();
    private BotProcess? _bot;

    private NotificationKillStack(AzuriteFixture azurite, ChannelSimulator simulator, SandboxHost sandbox, GraphStub graph, PortalTokens portal)
    {
        Azurite = azurite;
        Simulator = simulator;
        Sandbox = sandbox;
        Graph = graph;
        Portal = portal;
        _environment = new Dictionary<string, string>(BotProcess.BackendSettings(simulator, azurite, sandbox, graph))
        {
            // HubSpot signs the URL it posts to: the bot's public base URL must be the address the sandbox uses.
            ["Bot__PublicBaseUrl"] = BaseAddress.ToString(),
            // A killed instance's taken batches and event claims lapse after this; short, so the test sees the recovery.
            ["Webhooks__VisibilityTimeout"] = "00:00:05",
            ["Webhooks__MaxPollDelay"] = "00:00:00.100",
        };
    }

    public AzuriteFixture Azurite { get; }
    public ChannelSimulator Simulator { get; }
    public SandboxHost Sandbox { get; }
    public GraphStub Graph { get; }
    public PortalTokens Portal { get; }
    public Uri BaseAddress => new($"http://127.0.0.1:{_port}/");
    public string Output => _bot?.Output ?? string.Empty;

    /// <summary>Everything but the bot: storage, sandbox (its demo portal linked to the simulator's tenant), Graph, Teams.</summary>
    public static async Task<NotificationKillStack> StartAsync()
    {
        var azurite = new AzuriteFixture();
        await azurite.StartAsync();
        var simulator = await ChannelSimulator.StartAsync();
        simulator.Connector.RecordCalls = true;
        var sandbox = SandboxHost.Start();
        var graph = await GraphStub.StartAsync();
        var portal = await sandbox.ConnectPortalAsync(SandboxHost.DemoPortalId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var stack = new NotificationKillStack(azurite, simulator, sandbox, graph, portal);
        await stack.LinkPortalAsync();
        return stack;
    }

    public async Task StartBotAsync()
    {
        if (_bot is { } old) await old.DisposeAsync();
        _bot = BotProcess.Start(_environment, _port, [Simulator.Certificate]);
        await _bot.WaitUntilHealthyAsync(TimeSpan.FromSeconds(120));
    }

    /// <summary>SIGKILL: no drain; the batches and cards it was working on are left as they were.</summary>
    public Task KillBotAsync() => _bot?.KillAsync() ?? Task.CompletedTask;

    /// <summary>The sandbox starts sending webhooks of every write to the bot, with HubSpot's duplicates, reordering and re-sends unless <paramref name="faults"/> is false.</summary>
    public async Task SendWebhooksAsync(int seed, bool faults = true)
    {
        var rate = faults ? 1.0 : 0.0;
        var (response, body) = await Json.SendAsync(Sandbox.Http, HttpMethod.Post, "/_sandbox/webhooks", new
        {
            targetUrl = new Uri(BaseAddress, "api/hubspot/webhooks").ToString(),
            batchWindowMs = 50,
            // While the bot is down its batches are refused; HubSpot keeps retrying with back-off, so does the sandbox.
            maxAttempts = 12,
            retryDelayMs = 250,
            faults = new { seed, duplicateRate = 0.3 * rate, reorderRate = 0.2 * rate, retryRate = 0.2 * rate, delayRate = 0.1 * rate, delayMs = 300 },
        });
        Assert.True(response.IsSuccessStatusCode, body.ToString());
    }

    /// <summary>Events the sandbox still has to send (0: every one delivered or given up on) and every delivery it made.</summary>
    public async Task<(int Outstanding, IReadOnlyList<(int Status, IReadOnlyList<long> EventIds)> Deliveries)> WebhookLogAsync()
    {
        var (response, body) = await Json.SendAsync(Sandbox.Http, HttpMethod.Get, "/_sandbox/webhooks/deliveries");
        response.EnsureSuccessStatusCode();
        var deliveries = body.GetProperty("deliveries").EnumerateArray()
            .Select(d => (d.GetProperty("status").GetInt32(), (IReadOnlyList<long>)d.GetProperty("eventIds").EnumerateArray().Select(e => e.GetInt64()).ToList()))
            .ToList();
        return (body.GetProperty("outstanding").GetInt32(), deliveries);
    }

    /// <summary>Creates records (one batch/create call per 100) and returns their ids in order.</summary>
    public async Task<IReadOnlyList<string>> CreateAsync(string type, IReadOnlyList<Dictionary<string, string>> properties)
    {
        using var api = Sandbox.ApiClient(Portal.AccessToken);
        var ids = new List<string>();
        foreach (var chunk in properties.Chunk(100))
        {
            using var response = await api.PostAsJsonAsync($"/crm/objects/{SandboxHost.ApiVersion}/{type}/batch/create", new { inputs = chunk.Select(p => new { properties = p }) });
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, body);
            ids.AddRange(JsonNode.Parse(body)!["results"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()));
        }
        return ids;
    }

    /// <summary>Updates records in one batch/update call (ids must be distinct), as a HubSpot user or integration would.</summary>
    public async Task UpdateAsync(string type, IReadOnlyList<(string Id, Dictionary<string, string> Properties)> updates)
    {
        using var api = Sandbox.ApiClient(Portal.AccessToken);
        using var response = await api.PostAsJsonAsync($"/crm/objects/{SandboxHost.ApiVersion}/{type}/batch/update",
            new { inputs = updates.Select(u => new { id = u.Id, properties = u.Properties }) });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Stores subscriptions as `notify deals|contacts|me` would (the commands themselves are tested elsewhere).</summary>
    public async Task SubscribeAsync(params NotificationSubscription[] subscriptions)
    {
        await using var storage = StorageServices.Build(Azurite);
        var store = new NotificationSubscriptionStore(storage.GetRequiredService<StorageTables>());
        foreach (var subscription in subscriptions) await store.SaveAsync(subscription);
    }

    /// <summary>The bot's card rows as they are in storage (to see what a killed instance left behind).</summary>
    public async Task<CardEntry?> CardRowAsync(string conversationId, string recordType, string recordId)
    {
        await using var storage = StorageServices.Build(Azurite);
        return await new DeliveryLedger(storage.GetRequiredService<StorageTables>()).GetCardAsync(ChannelSimulator.BotTenantId, conversationId, recordType, recordId);
    }

    /// <summary>
    /// Card rows claimed for a post whose activity id was never recorded: posts a killed instance had under way
    /// (the card may or may not have reached Teams).
    /// </summary>
    public async Task<IReadOnlyList<(string ConversationId, string RecordType, string RecordId, int Changes)>> UnfinishedPostsAsync()
    {
        var table = new TableServiceClient(Azurite.ConnectionString).GetTableClient(DeliveryLedger.Table);
        var rows = new List<(string, string, string, int)>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == TableKey.Tenant(ChannelSimulator.BotTenantId)))
        {
            if (row.RowKey.StartsWith("card|", StringComparison.Ordinal) && string.IsNullOrEmpty(row.GetString("ActivityId")) && row.GetInt32("ChangeCount") > 0)
                rows.Add((row.GetString("ConversationId")!, row.GetString("RecordType")!, row.GetString("RecordId")!, row.GetInt32("ChangeCount")!.Value));
        }
        return rows;
    }

    /// <summary>Whether the bot marked the event handled (its batch will not be handed to the handler again).</summary>
    public async Task<bool> IsHandledAsync(long eventId)
    {
        await using var storage = StorageServices.Build(Azurite);
        return await new WebhookEventLog(storage.GetRequiredService<StorageTables>(), TimeProvider.System).IsDoneAsync(ChannelSimulator.BotTenantId, Portal.PortalId, eventId);
    }

    private async Task LinkPortalAsync()
    {
        await using var storage = StorageServices.Build(Azurite);
        await storage.GetRequiredService<PortalLinkStore>().SaveAsync(Portal.LinkFor(ChannelSimulator.BotTenantId, "admin", "Megan Bowen"));
    }

    public async ValueTask DisposeAsync()
    {
        if (_bot is not null) await _bot.DisposeAsync();
        await Graph.DisposeAsync();
        await Sandbox.DisposeAsync();
        await Simulator.DisposeAsync();
        await Azurite.DisposeAsync();
    }
}
