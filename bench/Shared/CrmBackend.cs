using System.Globalization;
using Bot.Tests.Harness;
using PipelineBench;

namespace Bench.Shared;

/// <summary>
/// What a bot that searches HubSpot needs around it, each in its own process: Azurite (the bot's tables, in memory)
/// and the HubSpot sandbox, with the tenant already linked to the sandbox's demo portal and the given users granted
/// Viewer (<see cref="PortalSetup"/>). Started before the bot, which then gets <see cref="BotSettings"/>.
/// </summary>
internal sealed class CrmBackend : IAsyncDisposable
{
    /// <summary>The sandbox's seeded demo portal.</summary>
    private const long DemoPortal = 20260301;

    private readonly AzuriteProcess _azurite;
    private readonly TargetProcess _sandbox;
    private readonly GraphStub _graph;

    private CrmBackend(AzuriteProcess azurite, TargetProcess sandbox, GraphStub graph, long portalId)
    {
        _azurite = azurite;
        _sandbox = sandbox;
        _graph = graph;
        PortalId = portalId;
    }

    public long PortalId { get; }

    public Uri SandboxUri => _sandbox.BaseUri;

    public int AzuritePid => _azurite.Pid;

    public string SandboxOutput => _sandbox.Output;

    /// <param name="repoRoot">Holds node_modules (Azurite).</param>
    /// <param name="sandboxArguments">e.g. <c>--seed 2000 --latency-ms 150 --enforce-rate-limits</c>.</param>
    public static async Task<CrmBackend> StartAsync(
        string repoRoot, string sandboxDll, IReadOnlyList<string> sandboxArguments, string tenantId, IEnumerable<(string AadObjectId, string Name)> viewers)
    {
        var azurite = await AzuriteProcess.StartAsync(repoRoot);
        TargetProcess? sandbox = null;
        try
        {
            sandbox = TargetProcess.Start(new TargetSpec("sandbox", "dotnet", [sandboxDll, .. sandboxArguments],
                new Dictionary<string, string> { ["ASPNETCORE_URLS"] = "http://127.0.0.1:{port}", ["Logging__LogLevel__Default"] = "Warning" },
                RepliesToConnector: false));
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            await sandbox.WaitHealthyAsync(http, TimeSpan.FromSeconds(60));
            var people = viewers.ToList();
            var portal = await PortalSetup.LinkAsync(sandbox.BaseUri, azurite.ConnectionString, tenantId, DemoPortal, people);
            // The directory the bot checks a person against (a member, not a guest) before their grant counts.
            var graph = await GraphStub.StartAsync();
            foreach (var (id, name) in people) graph.Directory.AddUser(name, $"{id}@bench.local", id: id);
            return new CrmBackend(azurite, sandbox, graph, portal);
        }
        catch
        {
            if (sandbox is not null) await sandbox.DisposeAsync();
            await azurite.DisposeAsync();
            throw;
        }
    }

    /// <summary>Storage and HubSpot settings for the bot (HubSpot's endpoints are the sandbox's).</summary>
    public IReadOnlyDictionary<string, string> BotSettings => new Dictionary<string, string>
    {
        ["Bot__PublicBaseUrl"] = "http://127.0.0.1:{port}/",
        ["Storage__ConnectionString"] = _azurite.ConnectionString,
        ["HubSpot__ApiBaseUrl"] = _sandbox.BaseUri.ToString(),
        ["HubSpot__AuthorizeUrl"] = new Uri(_sandbox.BaseUri, "oauth/authorize").ToString(),
        ["HubSpot__ClientId"] = "sandbox-client-id",
        ["HubSpot__ClientSecret"] = "sandbox-client-secret",
        ["HubSpot__RedirectUri"] = "http://127.0.0.1:{port}/auth/hubspot/callback",
        // Nobody here administers; the setting is required, so it names an id no user has.
        ["Roles__BootstrapAdmins__0"] = Guid.NewGuid().ToString(),
        ["Graph__BaseUrl"] = _graph.BaseUrl.ToString(),
        ["Graph__UseAnonymousAuthForTesting"] = "true",
    };

    public async Task<HubSpotStats> StatsAsync(HttpClient http) =>
        HubSpotStats.Parse(await http.GetStringAsync(new Uri(_sandbox.BaseUri, string.Create(CultureInfo.InvariantCulture, $"_sandbox/portals/{PortalId}/stats"))));

    public async Task ResetStatsAsync(HttpClient http)
    {
        using var response = await http.PostAsync(new Uri(_sandbox.BaseUri, string.Create(CultureInfo.InvariantCulture, $"_sandbox/portals/{PortalId}/stats/reset")), null);
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        await _graph.DisposeAsync();
        await _sandbox.DisposeAsync();
        await _azurite.DisposeAsync();
    }
}
