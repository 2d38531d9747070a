using Bot.Tests.Harness;
using HubSpotTeamsBot.BotFramework.Auth;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Bot.Tests.Reliability;

/// <summary>
/// Issue 16, L9: a stored serviceUrl trusted for proactive sends. Someone who can write the conversation references
/// table points an admin's reference at their own host; when the bot then tells admins about a broken HubSpot link it
/// must not send the message (or its token) there. In Production only https Bot Connector hosts pass; the local
/// simulator (http on loopback) passes only in Development and Testing.
/// </summary>
public sealed class SecurityServiceUrlTests(CrmBotFixture bot, ITestOutputHelper output) : IClassFixture<CrmBotFixture>
{
    private static readonly string[] Planted =
    [
        "https://evil.example/connector/",
        "https://smba.trafficmanager.net.evil.example/amer/",
        "http://smba.trafficmanager.net/amer/",
        "https://smba.trafficmanager.net:8443/amer/",
        "https://attacker@smba.trafficmanager.net/amer/",
    ];

    [Fact]
    public async Task A_planted_serviceUrl_gets_no_proactive_message_and_no_token()
    {
        await bot.LinkPortalAsync();
        var tally = new SecurityTally("security: L9 stored serviceUrl allow-list", output);
        var chat = TeamsConversation.Personal(bot.Admin);
        await bot.Teams.SayAsync(chat, bot.Admin, "help");
        var store = bot.Host.Services.GetRequiredService<ConversationReferenceStore>();
        var genuine = (await store.GetForUserAsync(ChannelSimulator.BotTenantId, bot.Admin.AadObjectId))!;
        var link = (await bot.Host.Services.GetRequiredService<PortalLinkStore>().GetAsync(ChannelSimulator.BotTenantId))!;
        var notifier = bot.Host.Services.GetRequiredService<IPortalLinkObserver>();
        var trusted = bot.Host.Services.GetRequiredService<TrustedServiceUrls>();

        foreach (var planted in Planted)
        {
            await store.SaveAsync(genuine with { ServiceUrl = planted });
            var before = bot.Teams.Connector.Calls.Count;
            var problems = new List<string>();
            try
            {
                await notifier.LinkBrokenAsync(link, CancellationToken.None);
            }
            catch (Exception e)
            {
                problems.Add($"the notifier tried the host and failed: {e.GetType().Name}");
            }
            if (trusted.IsTrusted(planted)) problems.Add("the planted URL became trusted for the bot's token");
            if (bot.Teams.Connector.Calls.Count != before) problems.Add("something was sent");
            tally.Add($"proactive send to {planted}", problems);
        }

        // Control: the genuine reference (the simulator, on loopback, in Testing) gets the announcement.
        await store.SaveAsync(genuine);
        await notifier.LinkBrokenAsync(link, CancellationToken.None);
        await bot.Teams.Connector.WaitForMessageAsync(genuine.ConversationId, c => c.VisibleText.Contains("reconnected", StringComparison.Ordinal));
        tally.Verdict();
    }

    [Theory]
    [InlineData("https://smba.trafficmanager.net/amer/", true)]
    [InlineData("https://smba.trafficmanager.net/emea/11111111-1111-1111-1111-111111111111/", true)]
    [InlineData("https://SMBA.infra.gov.teams.microsoft.us/", true)]
    [InlineData("http://127.0.0.1:5000/connector/", false)]
    [InlineData("https://localhost/connector/", false)]
    [InlineData("https://evil.example/", false)]
    [InlineData("https://smba.trafficmanager.net.evil.example/", false)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("", false)]
    public void Production_accepts_only_Bot_Connector_hosts_over_https(string serviceUrl, bool allowed) =>
        Assert.Equal(allowed, AllowList(Environments.Production).Allows(serviceUrl));

    [Fact]
    public void The_local_simulator_is_allowed_in_Development_and_Testing_and_a_configured_list_replaces_the_default()
    {
        Assert.True(AllowList(Environments.Development).Allows("http://127.0.0.1:5000/connector/"));
        Assert.True(AllowList("Testing").Allows("http://localhost:3979/"));
        Assert.False(AllowList("Staging").Allows("http://127.0.0.1:5000/connector/"));
        var custom = AllowList(Environments.Production, "connector.contoso.example");
        Assert.True(custom.Allows("https://connector.contoso.example/"));
        Assert.False(custom.Allows("https://smba.trafficmanager.net/amer/"));
    }

    private static ServiceUrlAllowList AllowList(string environment, params string[] hosts) =>
        new(Options.Create(new ServiceUrlOptions { ServiceUrlHosts = hosts }), new HostingEnvironment { EnvironmentName = environment });
}
