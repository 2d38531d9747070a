using HubSpotTeamsBot.Identity;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.DependencyInjection;
using HubSpotTeamsBot.BotFramework.Routing;

namespace Bot.Tests.Harness;

/// <summary>
/// The bot with everything a CRM feature needs: Azurite, the channel simulator, the HubSpot sandbox (seeded demo
/// portal) and three people — an admin (configured), an editor (granted) and a viewer (the default role).
/// <see cref="LinkPortalAsync"/> links the tenant to a sandbox portal through the sandbox's real OAuth flow, without
/// the Teams connect dialog, for tests of features that only need a linked portal.
/// </summary>
public class CrmBotFixture : BotFixture
{
    public SandboxHost Sandbox { get; private set; } = null!;

    /// <summary>Microsoft Graph stand-in holding the three people below (same object ids) and whatever tests add.</summary>
    public GraphStub Graph { get; private set; } = null!;

    /// <summary>Megan's email matches a seeded HubSpot owner, so "owner = acting user" can be checked.</summary>
    public TeamsUser Admin { get; } = TeamsUser.New("Megan Bowen");
    public TeamsUser Editor { get; } = TeamsUser.New("Alex Wilber");
    public TeamsUser Viewer { get; } = TeamsUser.New("Lee Gu");

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["HubSpot:ApiBaseUrl"] = Sandbox.BaseUrl.ToString(),
        ["HubSpot:AuthorizeUrl"] = Sandbox.AuthorizeUrl.ToString(),
        ["HubSpot:ClientId"] = SandboxHost.ClientId,
        ["HubSpot:ClientSecret"] = SandboxHost.ClientSecret,
        ["HubSpot:RedirectUri"] = new Uri(BotUrl, "auth/hubspot/callback").ToString(),
        ["Bot:PublicBaseUrl"] = BotUrl.ToString(),
        ["Roles:BootstrapAdmins:0"] = Admin.AadObjectId,
        ["Roles:DefaultMemberRole"] = "Viewer",
        // Generous HubSpot budgets: on a loaded 2-core machine a healthy sandbox can take seconds to answer, and these
        // tests are about behaviour, not speed. Tests of slowness set their own latency switches.
        ["HubSpot:AttemptTimeout"] = "00:00:05",
        ["HubSpot:CallTimeout"] = "00:00:08",
        ["HubSpot:RateLimitWait"] = "00:00:03",
        ["Graph:BaseUrl"] = Graph.BaseUrl.ToString(),
        ["Graph:UseAnonymousAuthForTesting"] = "true",
    };

    public override async Task InitializeAsync()
    {
        Sandbox = SandboxHost.Start();
        Graph = await GraphStub.StartAsync();
        foreach (var person in new[] { Admin, Editor, Viewer })
            Graph.Directory.AddUser(person.Name, person.Email, id: person.AadObjectId);
        await base.InitializeAsync();
        await GrantAsync(Editor, AppRole.Editor);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Sandbox.DisposeAsync();
        await Graph.DisposeAsync();
    }

    /// <summary>Links the bot's tenant to a sandbox portal (the seeded demo portal unless told otherwise).</summary>
    public async Task<PortalLink> LinkPortalAsync(string portal = "20260301", string tenantId = ChannelSimulator.BotTenantId)
    {
        var tokens = await Sandbox.ConnectPortalAsync(portal);
        var links = Host.Services.GetRequiredService<PortalLinkStore>();
        var existing = await links.GetAsync(tenantId);
        return await links.SaveAsync(tokens.LinkFor(tenantId, Admin.AadObjectId, Admin.Name) with
        {
            // What linking stores from the account details (the seeded portals' defaults).
            TimeZone = "Europe/London",
            Currency = "GBP",
            ETag = existing?.ETag,
        });
    }

    /// <summary>What most CRM tests start from: the tenant linked to the demo portal and the sandbox behaving normally
    /// (a test before may have left latency or errors switched on).</summary>
    public async Task StartLinkedAsync()
    {
        await LinkPortalAsync();
        await Sandbox.Admin.ResetBehaviourAsync();
    }

    public Task GrantAsync(TeamsUser user, AppRole role) =>
        Host.Services.GetRequiredService<RoleAssignmentStore>().SaveAsync(new RoleAssignment
        {
            TenantId = user.TenantId,
            PrincipalId = user.AadObjectId,
            Kind = PrincipalKind.User,
            DisplayName = user.Name,
            Role = AppRoleNames.ToStored(role),
            GrantedByAadObjectId = Admin.AadObjectId,
            GrantedByName = Admin.Name,
            GrantedAt = DateTimeOffset.UtcNow,
        });
}
