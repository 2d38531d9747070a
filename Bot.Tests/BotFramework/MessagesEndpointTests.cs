using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Bot.Tests.Harness;

namespace Bot.Tests.BotFramework;

/// <summary>docs/teams-protocol.md, "HTTP answers": what <c>/api/messages</c> answers for each kind of request.</summary>
public sealed class MessagesEndpointTests(ProbeBotFixture bot) : IClassFixture<ProbeBotFixture>
{
    private readonly TeamsUser _user = TeamsUser.New("Diego Siciliani");

    private async Task<HttpResponseMessage> PostRawAsync(string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Bearer", bot.Simulator.MintToken());
        return await bot.Http.SendAsync(request);
    }

    public static TheoryData<string> MalformedBodies => new()
    {
        "",
        "{",
        "not json at all",
        "[]",
        "null",
        "{\"text\":\"no type\"}",
        "{\"type\":42}",
        "{\"type\":\"message\",\"conversation\":{\"id\":\"a:1\"},\"serviceUrl\":\"http://x/\",\"entities\":\"not-a-list\"}",
        "{\"type\":\"message\",\"serviceUrl\":\"http://127.0.0.1/\"}",
        "{\"type\":\"message\",\"conversation\":{\"id\":\"a:1\"}}",
        "{\"type\":\"message\",\"conversation\":{\"id\":\"a:1\"},\"serviceUrl\":\"ftp://files/\"}",
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task A_malformed_activity_gets_400_and_no_handler_runs(string body)
    {
        var before = bot.Probe.Turns;

        using var response = await PostRawAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("error", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, bot.Probe.Turns);
    }

    [Fact]
    public async Task An_oversized_body_gets_413()
    {
        var activity = Activities.Message(bot.Simulator.ServiceUrl, TeamsConversation.Personal(_user), _user, new string('x', 600 * 1024));

        using var response = await bot.Teams.PostAsync(activity);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_GET_gets_405()
    {
        using var response = await bot.Http.GetAsync(new Uri("/api/messages", UriKind.Relative));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_invoke_gets_501()
    {
        var invoke = Activities.Invoke(bot.Simulator.ServiceUrl, TeamsConversation.Personal(_user), _user, "fileConsent/invoke", new JsonObject());

        var (status, _) = await bot.Teams.InvokeAsync(invoke);

        Assert.Equal(HttpStatusCode.NotImplemented, status);
    }

    [Fact]
    public async Task A_slow_invoke_is_answered_within_the_budget_while_the_handler_still_runs()
    {
        var invoke = Activities.TaskFetch(bot.Simulator.ServiceUrl, TeamsConversation.Personal(_user), _user, "probe.slow");

        var (status, body) = await bot.Teams.InvokeAsync(invoke);

        Assert.False(bot.Probe.SlowFinished.Task.IsCompleted, "the answer should not have waited for the slow handler");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("message", body?["task"]?["type"]?.GetValue<string>());
        Assert.Contains("Still working", body?["task"]?["value"]?.GetValue<string>(), StringComparison.Ordinal);
        await bot.Probe.SlowFinished.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_message_is_acknowledged_with_202_and_handled_in_the_background()
    {
        var chat = TeamsConversation.Personal(_user);

        using var response = await bot.Teams.PostAsync(Activities.Message(bot.Simulator.ServiceUrl, chat, _user, "help"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var reply = await bot.Teams.Connector.WaitForMessageAsync(chat.Id);
        Assert.NotNull(reply.Card);
    }

    [Fact]
    public async Task A_card_submit_is_routed_by_its_verb_with_the_input_values()
    {
        var chat = TeamsConversation.Personal(_user);
        var value = new JsonObject { ["verb"] = "probe.submit", ["note"] = "from the card" };

        using var response = await bot.Teams.PostAsync(Activities.CardSubmit(bot.Simulator.ServiceUrl, chat, _user, value));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var reply = await bot.Teams.Connector.WaitForMessageAsync(chat.Id);
        Assert.Equal("submitted", reply.Text);
        lock (bot.Probe.Submits) Assert.Contains("from the card", bot.Probe.Submits);
    }

    [Fact]
    public async Task Unknown_fields_do_not_break_parsing()
    {
        var activity = Activities.Invoke(bot.Simulator.ServiceUrl, TeamsConversation.Personal(_user), _user, "probe/echo", new JsonObject { ["n"] = 2 });
        activity["someFutureTeamsField"] = new JsonObject { ["nested"] = new JsonArray(1, 2, 3) };
        activity["from"]!["someFutureField"] = true;

        var (status, body) = await bot.Teams.InvokeAsync(activity);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, body?["echo"]?["n"]?.GetValue<int>());
    }

    public static TheoryData<string, string, string> MalformedInvokeValues => new()
    {
        { "composeExtension/query", """{"commandId":42,"parameters":[{"name":"searchKeyword","value":"ada"}]}""", "'commandId' has the wrong type" },
        { "composeExtension/query", """{"commandId":"searchContacts","parameters":{"name":"searchKeyword"}}""", "'parameters' has the wrong type" },
        { "composeExtension/query", "\"ada\"", "the value must be a JSON object" },
        { "task/submit", """{"data":"deal.create","context":{"theme":"default"}}""", "'data' has the wrong type" },
        { "task/submit", """{"context":{"theme":"default"}}""", "'data' must be an object (the button's data)" },
        { "adaptiveCard/action", """{"action":{"type":"Action.Submit","verb":"probe.submit"}}""", "'action.type' must be Action.Execute" },
    };

    /// <summary>Issue 19: through real HTTP, a value of a shape Teams never sends is 400 with the reason, never 500, and no handler runs.</summary>
    [Theory]
    [MemberData(nameof(MalformedInvokeValues))]
    public async Task A_malformed_invoke_value_gets_400_with_the_reason_and_no_handler_runs(string name, string value, string reason)
    {
        var invoke = Activities.Invoke(bot.Simulator.ServiceUrl, TeamsConversation.Personal(_user), _user, name, JsonNode.Parse(value));
        var before = bot.Probe.Turns;

        var (status, body) = await bot.Teams.InvokeAsync(invoke);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/vnd.microsoft.error", body?["type"]?.GetValue<string>());
        Assert.Equal("BadRequest", body?["value"]?["code"]?.GetValue<string>());
        Assert.Equal($"The {name} value is not valid: {reason}.", body?["value"]?["message"]?.GetValue<string>());
        Assert.Equal(before, bot.Probe.Turns);
    }

    [Fact]
    public async Task A_card_submit_whose_verb_is_not_text_is_told_in_chat_and_no_handler_runs()
    {
        var chat = TeamsConversation.Personal(_user);
        var before = bot.Probe.Turns;

        using var response = await bot.Teams.PostAsync(Activities.CardSubmit(bot.Simulator.ServiceUrl, chat, _user, new JsonObject { ["verb"] = new JsonArray("probe.submit") }));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var reply = await bot.Teams.Connector.WaitForMessageAsync(chat.Id);
        Assert.StartsWith("The card's data is not valid: 'verb' must be a string.", reply.Text, StringComparison.Ordinal);
        Assert.Equal(before, bot.Probe.Turns);
    }
}
