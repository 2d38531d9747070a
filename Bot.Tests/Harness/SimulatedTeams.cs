using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Bot.Tests.Harness;

/// <summary>
/// The fluent side of the simulator: posts activities to the running bot over real HTTP with a freshly minted
/// channel token, as a given user in a given conversation, and hands back the bot's HTTP answer.
/// </summary>
public sealed class SimulatedTeams(ChannelSimulator simulator, HttpClient bot)
{
    public ChannelSimulator Simulator => simulator;
    public FakeConnector Connector => simulator.Connector;
    public string ServiceUrl => simulator.ServiceUrl;

    public async Task<HttpResponseMessage> PostAsync(JsonNode activity, string? token = "mint", IDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (activity["from"] is JsonObject from && from["aadObjectId"]?.GetValue<string>() is { } aad && from["name"]?.GetValue<string>() is { } userName)
            Connector.AddMember(new TeamsUser(userName, aad, activity["channelData"]?["tenant"]?["id"]?.GetValue<string>() ?? ChannelSimulator.BotTenantId));
        if (token == "mint") token = simulator.MintToken(new TokenSpec { ServiceUrl = activity["serviceUrl"]?.GetValue<string>() });
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) request.Headers.TryAddWithoutValidation(name, value);
        return await bot.SendAsync(request);
    }

    /// <summary>Sends a chat message and waits for the bot's first reply in that conversation.</summary>
    public async Task<ConnectorCall> SayAsync(TeamsConversation conversation, TeamsUser user, string text, bool mentionBot = false)
    {
        var before = Connector.Calls.Count;
        using var response = await PostAsync(Activities.Message(ServiceUrl, conversation, user, text, mentionBot));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await Connector.WaitForMessageAsync(conversation.Id, c => Connector.Calls.ToList().IndexOf(c) >= before);
    }

    /// <summary>
    /// Clicks a card's messageBack button as Teams does: a message whose text is the button's <c>text</c> (and whose
    /// value is its <c>value</c>, if any); waits for the bot's first reply.
    /// </summary>
    public async Task<ConnectorCall> ClickMessageBackAsync(TeamsConversation conversation, TeamsUser user, JsonNode action)
    {
        var messageBack = action["data"]?["msteams"] ?? throw new Xunit.Sdk.XunitException($"not a Teams messageBack action: {action.ToJsonString()}");
        Assert.Equal("messageBack", messageBack["type"]?.GetValue<string>());
        var activity = Activities.Message(ServiceUrl, conversation, user, messageBack["text"]!.GetValue<string>());
        if (messageBack["value"] is { } value) activity["value"] = value.DeepClone();
        var before = Connector.Calls.Count;
        using var response = await PostAsync(activity);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await Connector.WaitForMessageAsync(conversation.Id, c => Connector.Calls.ToList().IndexOf(c) >= before);
    }

    /// <summary>Sends an invoke and returns the status and JSON body Teams would get.</summary>
    public async Task<(HttpStatusCode Status, JsonNode? Body)> InvokeAsync(JsonObject invoke)
    {
        using var response = await PostAsync(invoke);
        var text = await response.Content.ReadAsStringAsync();
        var body = string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
        CardCapture.SaveAll(body, CardCapture.RouteOf(invoke));
        return (response.StatusCode, body);
    }
}
