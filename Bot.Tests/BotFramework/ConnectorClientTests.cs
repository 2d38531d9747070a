using Bot.Tests.Harness;
using HubSpotTeamsBot.BotFramework.Auth;
using HubSpotTeamsBot.BotFramework.Connector;
using HubSpotTeamsBot.BotFramework.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.BotFramework;

/// <summary>docs/teams-protocol.md, "Outbound token" and "Connector REST API": the bot's calls to Teams, against the simulated connector and token endpoint.</summary>
public sealed class ConnectorClientTests(BotFixture bot) : IClassFixture<BotFixture>
{
    private ConnectorClient Client()
    {
        bot.Host.Services.GetRequiredService<TrustedServiceUrls>().Trust(bot.Simulator.ServiceUrl);
        return bot.Host.Services.GetRequiredService<ConnectorClient>();
    }

    [Fact]
    public async Task Conversation_ids_are_escaped_in_the_path()
    {
        const string conversationId = "19:abc@thread.skype;messageid=1498171086622";

        await Client().SendAsync(bot.Simulator.ServiceUrl, conversationId, Activity.Message("hi"));

        var call = await bot.Simulator.Connector.WaitForAsync(c => c.Text == "hi");
        Assert.Equal($"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities", call.Path);
    }

    [Fact]
    public async Task A_429_with_Retry_After_is_retried_and_then_succeeds()
    {
        var conversation = $"a:retry-{Guid.NewGuid():N}";
        bot.Simulator.Connector.FailNext(429, retryAfter: "0");

        var result = await Client().SendAsync(bot.Simulator.ServiceUrl, conversation, Activity.Message("after a 429"));

        Assert.False(string.IsNullOrEmpty(result.Id));
        Assert.Equal(2, bot.Simulator.Connector.Calls.Count(c => c.Path.Contains(Uri.EscapeDataString(conversation), StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_401_gets_exactly_one_retry_with_a_fresh_token()
    {
        var conversation = $"a:refresh-{Guid.NewGuid():N}";
        await Client().SendAsync(bot.Simulator.ServiceUrl, conversation, Activity.Message("warm the token cache"));
        var tokensBefore = bot.Simulator.TokenRequests;
        bot.Simulator.Connector.FailNext(401);

        await Client().SendAsync(bot.Simulator.ServiceUrl, conversation, Activity.Message("after a 401"));

        var calls = bot.Simulator.Connector.Calls.Where(c => c.Path.Contains(Uri.EscapeDataString(conversation), StringComparison.Ordinal)).ToList();
        Assert.Equal(3, calls.Count);
        Assert.Equal(tokensBefore + 1, bot.Simulator.TokenRequests);
        Assert.NotEqual(calls[1].Authorization, calls[2].Authorization);
    }

    [Fact]
    public async Task MessageWritesBlocked_surfaces_as_user_unreachable()
    {
        bot.Simulator.Connector.FailNext(403, """{"error":{"code":"BotNotInConversationRoster","message":"blocked","innerHttpError":{"statusCode":403,"body":{"subCode":"MessageWritesBlocked"}}}}""");

        await Assert.ThrowsAsync<UserUnreachableException>(() => Client().SendAsync(bot.Simulator.ServiceUrl, "a:blocked", Activity.Message("hello?")));
    }

    [Fact]
    public async Task The_token_is_never_sent_to_a_service_url_no_validated_token_vouched_for()
    {
        var client = bot.Host.Services.GetRequiredService<ConnectorClient>();
        var before = bot.Simulator.Connector.Calls.Count;

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            client.SendAsync("https://attacker.example/", "a:1", Activity.Message("steal my token")));

        Assert.Equal(before, bot.Simulator.Connector.Calls.Count);
    }

    [Fact]
    public async Task Update_puts_the_replacement_activity_and_create_conversation_posts_the_parameters()
    {
        var client = Client();
        await client.UpdateAsync(bot.Simulator.ServiceUrl, "a:update", "1234", Activity.Message("replaced"));
        var created = await client.CreateConversationAsync(bot.Simulator.ServiceUrl,
            ConversationParameters.Personal(Activities.BotId, "29:user", ChannelSimulator.BotTenantId));

        var put = await bot.Simulator.Connector.WaitForAsync(c => c.Method == "PUT");
        Assert.Equal("v3/conversations/a%3Aupdate/activities/1234", put.Path);
        var post = await bot.Simulator.Connector.WaitForAsync(c => c.Path == "v3/conversations");
        Assert.Equal("29:user", post.Body?["members"]?[0]?["id"]?.GetValue<string>());
        Assert.Equal(ChannelSimulator.BotTenantId, post.Body?["channelData"]?["tenant"]?["id"]?.GetValue<string>());
        Assert.StartsWith("a:proactive-", created.Id, StringComparison.Ordinal);
    }
}
