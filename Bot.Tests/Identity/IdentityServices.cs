using Bot.Tests.Harness;
using HubSpotTeamsBot.Identity;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using HubSpotTeamsBot.BotFramework.Routing;

namespace Bot.Tests.Identity;

/// <summary>Storage + identity registered exactly as the bot does, against the test Azurite and the Graph stub,
/// in a fresh tenant so tests never see each other's grants.</summary>
internal sealed class IdentityServices : IAsyncDisposable
{
    private readonly ServiceProvider provider;

    private IdentityServices(ServiceProvider provider, string tenantId)
    {
        this.provider = provider;
        TenantId = tenantId;
    }

    public string TenantId { get; }

    public ManualTimeProvider Time => (ManualTimeProvider)provider.GetRequiredService<TimeProvider>();

    public RoleResolver Resolver => provider.GetRequiredService<RoleResolver>();

    public RoleAssignments Assignments => provider.GetRequiredService<RoleAssignments>();

    public Authorizer Authorizer => provider.GetRequiredService<Authorizer>();

    public RoleAssignmentStore Store => provider.GetRequiredService<RoleAssignmentStore>();

    public static IdentityServices Build(AzuriteFixture azurite, GraphStub graph, IDictionary<string, string?>? settings = null)
    {
        var tenantId = Guid.NewGuid().ToString();
        var values = new Dictionary<string, string?>
        {
            ["Bot:TenantId"] = tenantId,
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Graph:BaseUrl"] = graph.BaseUrl.ToString(),
            ["Graph:UseAnonymousAuthForTesting"] = "true",
            ["Graph:MaxRetries"] = "0",
            ["Roles:MembershipCacheDuration"] = "00:01:00",
        };
        // A null value means "leave the setting out", so a test can exercise the built-in default.
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                values.Remove(key);
            }
            else
            {
                values[key] = value;
            }
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = Environments.Development });
        services.AddSingleton<TimeProvider>(new ManualTimeProvider(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero)));
        services.AddBotStorage(configuration);
        services.AddBotIdentity(configuration);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        return new IdentityServices(provider, tenantId);
    }

    public TeamsIdentity Member(string aadObjectId, bool? isGuest = false) => new(TenantId, aadObjectId, null, null, isGuest);

    public TeamsIdentity Admin(string aadObjectId) => new(TenantId, aadObjectId, "Test Admin", null, false);

    /// <summary>Stores a grant directly (as an earlier role grant command would have).</summary>
    public Task GrantAsync(string principalId, PrincipalKind kind, AppRole role, string? displayName = null) =>
        Store.SaveAsync(new RoleAssignment
        {
            TenantId = TenantId,
            PrincipalId = principalId,
            Kind = kind,
            DisplayName = displayName,
            Role = role.ToString(),
            GrantedByAadObjectId = "setup",
            GrantedAt = Time.GetUtcNow(),
        });

    public ValueTask DisposeAsync() => provider.DisposeAsync();
}
