using System.Text.Json;
using Bot.Tests.Harness;
using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.BotFramework.Schema;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bot.Tests.BotFramework;

public sealed class RouterTests
{
    private sealed class Feature(Action<BotRoutes> map) : IBotFeature
    {
        public void MapRoutes(BotRoutes routes) => map(routes);
    }

    private static (ActivityRouter Router, List<string> Hits) Build(Action<BotRoutes, List<string>> map)
    {
        var hits = new List<string>();
        return (new ActivityRouter([new Feature(r => map(r, hits))], NullLogger<ActivityRouter>.Instance), hits);
    }

    private static TurnContext Turn(string json) =>
        new(JsonSerializer.Deserialize<Activity>(json, BotJson.Options)!, null!, null!, CancellationToken.None);

    [Fact]
    public async Task The_longest_matching_phrase_wins_and_the_rest_becomes_the_arguments()
    {
        var (router, hits) = Build((r, hits) => r
            .OnCommand("edit", RouteAccess.Anyone, t => { hits.Add("edit:" + t.CommandArguments); return Task.CompletedTask; })
            .OnCommand("edit contact", RouteAccess.Anyone, t => { hits.Add("edit contact:" + t.CommandArguments); return Task.CompletedTask; }));

        await router.RouteAsync(Turn("""{"type":"message","text":"Edit  Contact ada@example.com"}"""));

        Assert.Equal(["edit contact:ada@example.com"], hits);
    }

    [Fact]
    public async Task Aliases_match_case_insensitively_and_unknown_text_reaches_the_fallback()
    {
        var (router, hits) = Build((r, hits) => r
            .OnCommand("connect", RouteAccess.Anyone, _ => { hits.Add("connect"); return Task.CompletedTask; }, "link hubspot", "link")
            .OnUnknownCommand(t => { hits.Add("unknown:" + t.Text); return Task.CompletedTask; }));

        await router.RouteAsync(Turn("""{"type":"message","text":"LINK HubSpot"}"""));
        await router.RouteAsync(Turn("""{"type":"message","text":"linked"}"""));

        Assert.Equal(["connect", "unknown:linked"], hits);
    }

    [Fact]
    public void A_phrase_registered_twice_fails_at_start()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build((r, _) => r
            .OnCommand("help", RouteAccess.Anyone, _ => Task.CompletedTask)
            .OnCommand("assist", RouteAccess.Anyone, _ => Task.CompletedTask, "HELP")));

        Assert.Contains("help", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("""{"type":"invoke","name":"adaptiveCard/action","value":{"action":{"type":"Action.Execute","verb":"save"}}}""", "save")]
    [InlineData("""{"type":"invoke","name":"task/submit","value":{"data":{"verb":"save"}}}""", "save")]
    [InlineData("""{"type":"invoke","name":"composeExtension/query","value":{"commandId":"searchContacts"}}""", "searchContacts")]
    [InlineData("""{"type":"invoke","name":"task/submit","value":{"data":{"other":"x"}}}""", null)]
    [InlineData("""{"type":"invoke","name":"adaptiveCard/action","value":{"action":{"type":"Action.Execute"}}}""", null)]
    public async Task Invokes_are_routed_by_name_then_by_their_key(string json, string? expectedKey)
    {
        var activity = JsonSerializer.Deserialize<Activity>(json, BotJson.Options)!;
        var (router, hits) = Build((r, hits) =>
        {
            r.OnInvoke(activity.Name!, RouteAccess.Anyone, t => { hits.Add("any"); return Task.FromResult(InvokeResponse.Ok()); });
            r.OnInvoke(activity.Name!, "save", RouteAccess.Anyone, t => { hits.Add("save"); return Task.FromResult(InvokeResponse.Ok()); });
            r.OnInvoke(activity.Name!, "searchContacts", RouteAccess.Anyone, t => { hits.Add("searchContacts"); return Task.FromResult(InvokeResponse.Ok()); });
        });

        await router.RouteAsync(Turn(json));

        Assert.Equal([expectedKey ?? "any"], hits);
    }

    [Fact]
    public async Task A_known_failure_is_described_to_the_user_in_the_invokes_own_shape()
    {
        var (router, _) = Build((r, _) => r
            .OnInvoke("task/fetch", RouteAccess.Anyone, _ => throw new TimeoutException("HubSpot slow"))
            .OnError(e => e is TimeoutException ? "HubSpot is busy right now. Try again in a minute." : null));

        var response = await router.RouteAsync(Turn("""{"type":"invoke","name":"task/fetch","value":{"data":{}}}"""));

        Assert.Equal("message", response.Body?["task"]?["type"]?.GetValue<string>());
        Assert.Equal("HubSpot is busy right now. Try again in a minute.", response.Body?["task"]?["value"]?.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"type":"invoke","name":"task/submit","value":"not an object"}""", "must be a JSON object")]
    [InlineData("""{"type":"invoke","name":"adaptiveCard/action","value":{"action":["odd"]}}""", "'action' has the wrong type")]
    [InlineData("""{"type":"invoke","name":"composeExtension/query","value":{"commandId":42}}""", "'commandId' has the wrong type")]
    public async Task A_malformed_invoke_value_is_answered_400_with_the_reason_and_no_handler_runs(string json, string reason)
    {
        var activity = JsonSerializer.Deserialize<Activity>(json, BotJson.Options)!;
        var (router, hits) = Build((r, hits) => r
            .Use((t, next) => { hits.Add("middleware"); return next(); })
            .OnInvoke(activity.Name!, RouteAccess.Anyone, t => { hits.Add("any"); return Task.FromResult(InvokeResponse.Ok()); }));
        var turn = Turn(json);

        var response = await router.RouteAsync(turn);

        Assert.Empty(hits);
        Assert.Equal(400, response.Status);
        Assert.Equal("application/vnd.microsoft.error", response.Body?["type"]?.GetValue<string>());
        Assert.Equal("BadRequest", response.Body?["value"]?["code"]?.GetValue<string>());
        Assert.Contains(reason, response.Body?["value"]?["message"]?.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(("refused", $"invoke {activity.Name}"), (turn.Outcome, turn.Route));
    }
}
