using System.Text.Json.Nodes;
using Bot.Tests.Harness;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Identity;
using Microsoft.Extensions.DependencyInjection;
using HubSpotTeamsBot.BotFramework.Routing;

namespace Bot.Tests.Features.MessageExtension;

/// <summary>composeExtension/queryLink for HubSpot record links of the linked demo portal and everything else.</summary>
public sealed class LinkUnfurlTests(CrmBotFixture bot) : IClassFixture<CrmBotFixture>, IAsyncLifetime
{
    private const long Portal = SandboxHost.DemoPortalId;

    public async Task InitializeAsync()
    {
        await bot.LinkPortalAsync();
        await bot.GrantAsync(bot.Viewer, AppRole.Viewer);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<JsonNode?> UnfurlAsync(string url, Action<JsonObject>? bend = null) =>
        ComposeInvokes.InvokeAsync(bot, bot.Viewer, "composeExtension/queryLink", new JsonObject { ["url"] = url }, bend);

    private async Task<string> AdaIdAsync() =>
        (await bot.Host.Services.GetRequiredService<HubSpotCrmClient>().GetContactByEmailAsync(ChannelSimulator.BotTenantId, "ada@example.com"))!.Id;

    [Theory]
    [InlineData("https://app.hubspot.com/contacts/{0}/record/0-1/{1}")]
    [InlineData("https://app.hubspot.com/contacts/{0}/record/0-1/{1}/view/1?interaction=note")]
    [InlineData("https://app.hubspot.com/contacts/{0}/contact/{1}")]
    [InlineData("https://app-eu1.hubspot.com/contacts/{0}/record/0-1/{1}")]
    public async Task A_contact_link_of_the_linked_portal_unfurls_into_a_1_3_card_with_preview(string pattern)
    {
        var id = await AdaIdAsync();

        var body = await UnfurlAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, Portal, id));

        var attachment = Assert.Single(ComposeShapes.AssertResult(body))!;
        Assert.Equal("1.3", (string?)attachment["content"]!["version"]);
        Assert.Equal("Ada Lovelace", (string?)attachment["preview"]!["content"]!["title"]);
        Assert.Equal($"https://app.hubspot.com/contacts/{Portal}/record/0-1/{id}", ComposeShapes.OpenUrl(attachment["content"]!));
        Assert.DoesNotContain("Action.Execute", attachment.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://app.hubspot.com/contacts/{0}/record/0-3/{1}")]
    [InlineData("https://app.hubspot.com/contacts/{0}/deal/{1}")]
    public async Task A_deal_link_unfurls_into_a_deal_card(string pattern)
    {
        var deal = (await bot.Host.Services.GetRequiredService<HubSpotCrmClient>().SearchAsync(ChannelSimulator.BotTenantId, CrmObjectType.Deals,
            new CrmSearchRequest { Query = "Difference Engine", Limit = 1 })).Results.Single();

        var body = await UnfurlAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, Portal, deal.Id));

        var attachment = Assert.Single(ComposeShapes.AssertResult(body))!;
        Assert.Equal("Analytical Engines - Difference Engine No. 2", (string?)attachment["preview"]!["content"]!["title"]);
        Assert.Contains("/record/0-3/", ComposeShapes.OpenUrl(attachment["content"]!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_link_to_another_portal_gives_no_card_and_no_error()
    {
        var body = await UnfurlAsync($"https://app.hubspot.com/contacts/{SandboxHost.EuDemoPortalId}/record/0-1/{await AdaIdAsync()}");

        Assert.Empty(ComposeShapes.AssertResult(body));
    }

    [Fact]
    public async Task An_unknown_record_id_gives_no_card_and_no_error()
    {
        Assert.Empty(ComposeShapes.AssertResult(await UnfurlAsync($"https://app.hubspot.com/contacts/{Portal}/record/0-1/987654321")));
    }

    [Theory]
    [InlineData("http://app.hubspot.com/contacts/20260301/record/0-1/1")]
    [InlineData("https://evil.example/contacts/20260301/record/0-1/1")]
    [InlineData("https://app.hubspot.com.evil.example/contacts/20260301/record/0-1/1")]
    [InlineData("https://app.hubspot.com/contacts/20260301/record/0-2/1")]
    [InlineData("https://app.hubspot.com/contacts/20260301/record/0-1/")]
    [InlineData("https://app.hubspot.com/contacts/notanumber/record/0-1/1")]
    [InlineData("not a url at all")]
    [InlineData("")]
    public async Task A_malformed_or_foreign_link_gives_no_card_and_no_error(string url)
    {
        Assert.Empty(ComposeShapes.AssertResult(await UnfurlAsync(url)));
    }

    [Fact]
    public async Task Someone_without_a_role_gets_no_card()
    {
        var body = await UnfurlAsync($"https://app.hubspot.com/contacts/{Portal}/record/0-1/{await AdaIdAsync()}", ComposeInvokes.WithoutIdentity);

        Assert.Empty(ComposeShapes.AssertResult(body));
    }
}
