using Bot.Tests.Harness;
using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.Identity;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Reliability;

/// <summary>
/// Two allowed tenants on one bot: tenant A (the bot's own, linked to the seeded demo portal, with the usual admin,
/// editor and viewer) and tenant B (linked to a fresh empty portal, with its own admin). Attacks come from B's admin,
/// A's viewer and editor, and strangers; the turn counter shows whether any handler ran at all.
/// </summary>
public sealed class SecurityBotFixture : CrmBotFixture
{
    public const string TenantB = "22222222-2222-2222-2222-222222222222";

    public FuzzTurnCounter Turns { get; } = new();

    /// <summary>Admin of tenant B (granted in B's own role table, not configured): full rights in B, none in A.</summary>
    public TeamsUser AdminB { get; } = TeamsUser.New("Bea Berger", TenantB);

    public long PortalB { get; private set; }

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["Bot:AllowedTenants:0"] = ChannelSimulator.BotTenantId;
            settings["Bot:AllowedTenants:1"] = TenantB;
            return settings;
        }
    }

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IBotFeature>(Turns);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await LinkPortalAsync();
        await LinkTenantBAsync();
        await Host.Services.GetRequiredService<RoleAssignmentStore>().SaveAsync(new RoleAssignment
        {
            TenantId = TenantB,
            PrincipalId = AdminB.AadObjectId,
            Kind = PrincipalKind.User,
            DisplayName = AdminB.Name,
            Role = AppRoleNames.ToStored(AppRole.Admin),
            GrantedByAadObjectId = AdminB.AadObjectId,
            GrantedByName = AdminB.Name,
            GrantedAt = DateTimeOffset.UtcNow,
        });
        foreach (var user in new[] { Admin, Editor, Viewer, AdminB }) Teams.Connector.AddMember(user);
    }

    /// <summary>(Re)links tenant B to its own empty portal.</summary>
    public async Task LinkTenantBAsync() => PortalB = (await LinkPortalAsync("new", TenantB)).PortalId;
}

[CollectionDefinition(Name)]
public sealed class SecurityCollection : ICollectionFixture<SecurityBotFixture>
{
    public const string Name = "Reliability security";
}
