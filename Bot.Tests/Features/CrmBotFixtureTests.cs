using Bot.Tests.Harness;
using HubSpotTeamsBot.HubSpot;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Features;

/// <summary>The shared CRM fixture really links the bot to a sandbox portal the HubSpot client can use.</summary>
public sealed class CrmBotFixtureTests(CrmBotFixture bot) : IClassFixture<CrmBotFixture>
{
    [Fact]
    public async Task A_linked_portal_answers_the_bots_HubSpot_client_with_the_seeded_data()
    {
        await bot.LinkPortalAsync();
        var crm = bot.Host.Services.GetRequiredService<HubSpotCrmClient>();

        var ada = await crm.GetContactByEmailAsync(ChannelSimulator.BotTenantId, "ada@example.com");
        var owner = await crm.GetOwnerByEmailAsync(ChannelSimulator.BotTenantId, bot.Admin.Email);

        Assert.Equal("Lovelace", ada?.Properties.GetValueOrDefault("lastname"));
        Assert.Equal("Megan", owner?.FirstName);
    }
}
