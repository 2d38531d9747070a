using System.Text.Json;
using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.BotFramework.Schema;
using HubSpotTeamsBot.Identity;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bot.Tests.BotFramework;

/// <summary>The router checks each route's declared role before its handler runs (issue 16, H1).</summary>
public sealed class RouteAccessTests
{
    private sealed class Feature(Action<BotRoutes> map) : IBotFeature
    {
        public void MapRoutes(BotRoutes routes) => map(routes);
    }

    /// <summary>Refuses everyone below <paramref name="has"/> and remembers what it was asked.</summary>
    private sealed class FixedGuard(AppRole has) : IRouteGuard
    {
        public List<string> Asked { get; } = [];

        public Task<string?> RefuseAsync(TurnContext turn, RouteAccess access)
        {
            Asked.Add(access.Action);
            return Task.FromResult(has >= access.Role ? null : $"You need the {access.Role} role");
        }
    }

    private static TurnContext Turn(string json) =>
        new(JsonSerializer.Deserialize<Activity>(json, BotJson.Options)!, null!, null!, CancellationToken.None);

    [Fact]
    public void A_route_that_needs_a_role_cannot_start_without_a_guard()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ActivityRouter(
            [new Feature(r => r.OnInvoke("task/fetch", "deal.create", RouteAccess.Editor("deal.create"), _ => Task.FromResult(InvokeResponse.Ok())))],
            NullLogger<ActivityRouter>.Instance));
        Assert.Contains("Editor", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("task/fetch", "task", """{"data":{}}""")]
    [InlineData("adaptiveCard/action", "value", """{"action":{"type":"Action.Execute"}}""")]
    [InlineData("composeExtension/query", "composeExtension", """{"commandId":"searchContacts"}""")]
    public async Task A_refused_invoke_never_reaches_its_handler_and_gets_the_refusal_in_its_shape(string name, string bodyKey, string value)
    {
        var guard = new FixedGuard(AppRole.Viewer);
        var ran = false;
        var router = new ActivityRouter([new Feature(r => r.OnInvoke(name, RouteAccess.Editor("x.write"), _ => { ran = true; return Task.FromResult(InvokeResponse.Ok()); }))],
            NullLogger<ActivityRouter>.Instance, guard);

        var response = await router.RouteAsync(Turn("{\"type\":\"invoke\",\"name\":\"" + name + "\",\"value\":" + value + "}"));

        Assert.False(ran);
        Assert.Equal(["x.write"], guard.Asked);
        Assert.Contains("You need the Editor role", response.Body?[bodyKey]?.ToJsonString() ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_allowed_caller_reaches_the_handler_and_open_routes_ask_nothing()
    {
        var guard = new FixedGuard(AppRole.Editor);
        var hits = new List<string>();
        var router = new ActivityRouter([new Feature(r => r
                .OnInvoke("task/fetch", RouteAccess.Editor("x.write"), _ => { hits.Add("write"); return Task.FromResult(InvokeResponse.Ok()); })
                .OnInvoke("task/submit", RouteAccess.Anyone, _ => { hits.Add("open"); return Task.FromResult(InvokeResponse.Ok()); }))],
            NullLogger<ActivityRouter>.Instance, guard);

        await router.RouteAsync(Turn("""{"type":"invoke","name":"task/fetch","value":{"data":{}}}"""));
        await router.RouteAsync(Turn("""{"type":"invoke","name":"task/submit","value":{"data":{}}}"""));

        Assert.Equal(["write", "open"], hits);
        Assert.Equal(["x.write"], guard.Asked);
        Assert.Equal(2, router.Registrations.Count);
    }
}
