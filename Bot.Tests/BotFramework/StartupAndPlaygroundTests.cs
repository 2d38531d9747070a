using System.Net;
using System.Text.Json.Nodes;
using Bot.Tests.Harness;
using Microsoft.Extensions.Options;

namespace Bot.Tests.BotFramework;

/// <summary>Options validated at start, and the Development-only switch for Microsoft's Agents Playground.</summary>
public sealed class StartupAndPlaygroundTests : IAsyncLifetime
{
    private ChannelSimulator _simulator = null!;

    /// <summary>These hosts run without any storage emulator, so their turns use the in-memory activity queue.</summary>
    private static Dictionary<string, string?> PlaygroundSettings => new()
    {
        ["Bot:Development:AcceptPlayground"] = "true",
        ["ActivityQueue:Kind"] = "Memory",
    };

    public async Task InitializeAsync() => _simulator = await ChannelSimulator.StartAsync();

    public async Task DisposeAsync() => await _simulator.DisposeAsync();

    [Fact]
    public void A_missing_app_id_stops_the_app_at_start_naming_the_setting()
    {
        using var host = new BotHost(_simulator, new Dictionary<string, string?> { ["Bot:AppId"] = "" });

        var error = Assert.Throws<OptionsValidationException>(() => host.Start());

        Assert.Contains("Bot:AppId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_playground_switch_refuses_to_start_outside_Development()
    {
        using var host = new BotHost(_simulator, new Dictionary<string, string?> { ["Bot:Development:AcceptPlayground"] = "true" }, environment: "Production");

        var error = Assert.Throws<OptionsValidationException>(() => host.Start());

        Assert.Contains("Bot:Development:AcceptPlayground", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_Development_a_playground_request_from_loopback_is_served_and_answered_without_a_token()
    {
        using var host = new BotHost(_simulator, PlaygroundSettings, environment: "Development");
        using var http = host.Start();
        var teams = new SimulatedTeams(_simulator, http);
        var user = TeamsUser.New("Alex Wilber");
        var chat = TeamsConversation.Personal(user);

        using var response = await teams.PostAsync(Activities.Message(_simulator.ServiceUrl, chat, user, "help"), token: null,
            headers: new Dictionary<string, string> { ["x-ms-agents-playground"] = "true" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var reply = await _simulator.Connector.WaitForMessageAsync(chat.Id);
        Assert.Null(reply.Authorization);
        Assert.Contains(host.Logs.Lines, l => l.Contains("AcceptPlayground is on", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true, "https://smba.trafficmanager.net/amer/")]
    [InlineData(false, null)]
    public async Task The_playground_exception_needs_its_header_and_a_loopback_service_url(bool withHeader, string? serviceUrl)
    {
        using var host = new BotHost(_simulator, PlaygroundSettings, environment: "Development");
        using var http = host.Start();
        var teams = new SimulatedTeams(_simulator, http);
        var user = TeamsUser.New("Alex Wilber");
        JsonObject activity = Activities.Message(serviceUrl ?? _simulator.ServiceUrl, TeamsConversation.Personal(user), user, "help");

        using var response = await teams.PostAsync(activity, token: null,
            headers: withHeader ? new Dictionary<string, string> { ["x-ms-agents-playground"] = "true" } : null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
