using System.Net;
using System.Text.Json.Nodes;
using Bot.Tests.Harness;
using HubSpotTeamsBot.Identity;
using HubSpotTeamsBot.BotFramework.Routing;

namespace Bot.Tests.Reliability;

/// <summary>
/// The activities the fuzzing found breaking the bot (an unhandled exception behind a "something went wrong"), kept as
/// fixed cases so they stay fixed whatever seed the fuzz runs with. Each gets a clear answer and logs no error.
/// </summary>
[Collection(FuzzCollection.Name)]
public sealed class FuzzRegressionTests(FuzzBotFixture bot)
{
    private string Url => bot.Simulator.ServiceUrl;

    [Fact]
    public async Task A_repeated_key_inside_entities_is_a_bad_activity()
    {
        var body = Activities.Message(Url, TeamsConversation.Personal(bot.Editor), bot.Editor, "help").ToJsonString()
            .Replace("{\"type\":\"clientInfo\"", "{\"x\":1,\"x\":2,\"type\":\"clientInfo\"", StringComparison.Ordinal);

        var status = await PostRawAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Fact]
    public async Task A_conversation_id_no_connector_url_can_hold_is_a_bad_activity()
    {
        var chat = TeamsConversation.Personal(bot.Editor) with { Id = "a:" + new string('x', 5_000) };

        using var response = await bot.Teams.PostAsync(Activities.Message(Url, chat, bot.Editor, "help"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_refusal_is_answered_and_audited_even_for_a_name_too_long_to_store()
    {
        var stranger = TeamsUser.New("Long Name");
        var chat = TeamsConversation.Personal(stranger);
        var activity = Activities.Message(Url, chat, stranger, "new contact");
        activity["from"]!["name"] = new string('n', 100_000);

        var reply = await SendAsync(chat, activity);

        Assert.Contains("You need the Editor role", reply.VisibleText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_blank_Entra_id_is_nobody_not_a_crash()
    {
        var chat = TeamsConversation.Personal(bot.Editor);
        var fetch = Activities.TaskFetch(Url, chat, bot.Editor, "activity.log", new JsonObject { ["recordId"] = "1001", ["recordType"] = "contacts" });
        fetch["from"]!["aadObjectId"] = " ";
        var whoami = Activities.Message(Url, chat, bot.Editor, "whoami");
        whoami["from"]!.AsObject().Remove("aadObjectId");
        var logs = bot.Host.Logs.Lines.Count;

        var (status, body) = await bot.Teams.InvokeAsync(fetch);
        var reply = await SendAsync(chat, whoami, logs);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("You need the Editor role", body!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("no access", reply.VisibleText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_answer_whose_card_cannot_be_replaced_is_posted_instead()
    {
        // The fuzz families share this bot and may have changed grants or the link; this case needs both as set up.
        await bot.LinkPortalAsync();
        await bot.GrantAsync(bot.Editor, AppRole.Editor);
        var chat = TeamsConversation.Personal(bot.Editor);
        var submit = Activities.CardSubmit(Url, chat, bot.Editor, new JsonObject
        {
            ["verb"] = "contact.create", ["submissionId"] = Guid.NewGuid().ToString("N"), ["email"] = "not an email",
        }, replyToId: new string('9', 40_000));

        var reply = await SendAsync(chat, submit);

        Assert.Equal("POST", reply.Method);
        Assert.NotNull(reply.Card);
    }

    [Fact]
    public async Task Granting_a_role_to_a_mention_outside_the_roster_says_so()
    {
        var chat = TeamsConversation.Personal(bot.Admin);
        var grant = Activities.Message(Url, chat, bot.Admin, "role grant <at>Ghost</at> editor");
        grant["entities"]!.AsArray().Add(new JsonObject
        {
            ["type"] = "mention", ["text"] = "<at>Ghost</at>", ["mentioned"] = new JsonObject { ["id"] = "29:not-in-this-chat", ["name"] = "Ghost" },
        });

        var reply = await SendAsync(chat, grant);

        Assert.Contains("couldn't find that person", reply.VisibleText, StringComparison.Ordinal);
    }

    /// <summary>Posts a queued activity and returns the bot's first reply, failing if the turn logged an error.</summary>
    private async Task<ConnectorCall> SendAsync(TeamsConversation chat, JsonObject activity, int? logsFrom = null)
    {
        var logs = logsFrom ?? bot.Host.Logs.Lines.Count;
        var before = bot.Teams.Connector.Calls.Count;
        using var response = await bot.Teams.PostAsync(activity);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var reply = await bot.Teams.Connector.WaitForAsync(c => c.Method is "POST" or "PUT" && c.Path.Contains(Uri.EscapeDataString(chat.Id), StringComparison.Ordinal)
            && bot.Teams.Connector.Calls.ToList().IndexOf(c) >= before);
        await bot.Turns.WaitForQuietAsync(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(bot.Host.Logs.Lines.Skip(logs), l => l.StartsWith("Error ", StringComparison.Ordinal));
        return reply;
    }

    private async Task<HttpStatusCode> PostRawAsync(string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bot.Simulator.MintToken(new TokenSpec { ServiceUrl = Url }));
        using var response = await bot.Http.SendAsync(request);
        return response.StatusCode;
    }
}
