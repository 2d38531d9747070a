using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bot.Tests.Harness;
using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.BotFramework.Schema;
using HubSpotTeamsBot.Identity;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Bot.Tests.Reliability;

/// <summary>
/// Issue 16, H1/L2: "no HubSpot call and no CRM data in any answer before the caller's role allows that action". The
/// attacks are generated from the router's own registrations, so a route added later is attacked too: every command
/// (each alias), card submit and invoke (each command id, verb and dataset) that needs a role is sent by a guest of the
/// bot's tenant, a stranger the directory does not know, and a member of another allowed tenant with no grant. Refused
/// means: the refusal sentence (the same for the guest and the stranger), nothing of the CRM in the answer, and the
/// sandbox portal received no request at all. Routes open to everyone (help, whoami, welcome) are sent too and must
/// not call HubSpot either.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class SecurityNoRoleRoutesTests(SecurityBotFixture bot, ITestOutputHelper output)
{
    private const long PortalA = SandboxHost.DemoPortalId;

    [Fact]
    public async Task Every_route_refuses_callers_without_its_role_before_any_HubSpot_call()
    {
        await bot.StartLinkedAsync();
        var contacts = (await bot.Sandbox.Admin.GetObjectsAsync(PortalA, "contacts")).EnumerateArray().ToList();
        var ada = contacts.First(c => Property(c, "email") == "ada@example.com");
        var adaId = ada.GetProperty("id").GetString()!;
        var deal = (await bot.Sandbox.Admin.GetObjectsAsync(PortalA, "deals")).EnumerateArray().First();
        var dealId = deal.GetProperty("id").GetString()!;
        string[] secrets = [Property(ada, "lastname")!, "ada@example.com", Property(deal, "dealname")!];

        var guest = TeamsUser.New("Gail Guest");
        bot.Graph.Directory.AddUser(guest.Name, $"gail_fabrikam.com#EXT#@contoso.onmicrosoft.com", "gail@fabrikam.com", guest: true, id: guest.AadObjectId);
        var stranger = TeamsUser.New("Stan Stranger");
        var memberB = TeamsUser.New("Bo Nobody", SecurityBotFixture.TenantB);
        var attackers = new[] { ("guest", guest), ("stranger", stranger), ("tenant B member without a grant", memberB) };

        var routes = bot.Host.Services.GetRequiredService<ActivityRouter>().Registrations;
        var guarded = routes.Where(r => r.Access.Role > AppRole.None).ToList();
        Assert.True(guarded.Count >= 40, $"only {guarded.Count} guarded routes registered");

        var tally = new SecurityTally("security: H1 no-role routes", output);
        long hubSpotCalls = 0;
        foreach (var route in routes)
        {
            if (route.Kind == RouteRegistration.Activity && route.Name is not (ActivityTypes.InstallationUpdate or ActivityTypes.ConversationUpdate)) continue;
            var answers = new Dictionary<string, string>();
            foreach (var (who, attacker) in attackers)
            {
                var chat = TeamsConversation.Personal(attacker);
                var activity = Build(route, chat, attacker, adaId, dealId);
                await bot.Sandbox.Admin.ResetStatsAsync(PortalA);
                var (status, answer) = await SecurityExchange.SendAsync(bot, chat with { Id = activity["conversation"]!["id"]!.GetValue<string>() }, activity);
                var calls = (await bot.Sandbox.Admin.GetStatsAsync(PortalA)).Requests.Values.Sum();
                hubSpotCalls += calls;
                var problems = new List<string>();
                if (status >= 500 || status == 0) problems.Add($"status {status}");
                if (calls > 0) problems.Add($"{calls} HubSpot call(s) before the role check");
                problems.AddRange(secrets.Where(s => answer.Contains(s, StringComparison.OrdinalIgnoreCase)).Select(s => $"the answer shows CRM data '{s}'"));
                if (route.Access.Role > AppRole.None && !Refused(route, answer)) problems.Add($"no refusal: {(answer.Length > 300 ? answer[..300] : answer)}");
                answers[who] = Refusal(answer);
                tally.Add($"{who} {route.Kind} {route.Name}{(route.Key is null ? "" : " " + route.Key)} (needs {route.Access.Role})", problems);
            }
            if (route.Access.Role > AppRole.None)
                tally.Add($"{route.Kind} {route.Name} {route.Key}: the guest and the stranger get the same refusal",
                    answers["guest"] == answers["stranger"] ? [] : [$"guest: {answers["guest"]} / stranger: {answers["stranger"]}"]);
        }
        tally.Verdict(string.Create(CultureInfo.InvariantCulture, $"{guarded.Count} guarded routes, {hubSpotCalls} HubSpot calls"));
    }

    /// <summary>The activity a client would send for the route, carrying real record ids so a leaky handler would find data.</summary>
    private JsonObject Build(RouteRegistration route, TeamsConversation chat, TeamsUser from, string adaId, string dealId)
    {
        var url = bot.Simulator.ServiceUrl;
        var data = new JsonObject { ["recordId"] = adaId, ["recordType"] = "contacts", ["dealId"] = dealId, ["submissionId"] = Guid.NewGuid().ToString("N") };
        return route.Kind switch
        {
            RouteRegistration.Command => Activities.Message(url, chat, from, $"{route.Name} ada"),
            RouteRegistration.CardSubmit => Activities.CardSubmit(url, chat, from, With(data, "verb", route.Name)),
            RouteRegistration.Activity when route.Name == ActivityTypes.InstallationUpdate => Activities.InstallationUpdate(url, chat, from),
            RouteRegistration.Activity => Activities.BotAdded(url, TeamsConversation.GroupChat(from.TenantId), from),
            _ => route.Name switch
            {
                InvokeNames.AdaptiveCardAction => Activities.AdaptiveCardAction(url, chat, from, route.Key!, data),
                InvokeNames.TaskFetch => Activities.TaskFetch(url, chat, from, route.Key!, data),
                InvokeNames.TaskSubmit => Activities.TaskSubmit(url, chat, from, route.Key!, data),
                InvokeNames.ComposeQuery => Activities.ComposeQuery(url, chat, from, route.Key!, "ada"),
                InvokeNames.ComposeSelectItem => Activities.Invoke(url, chat, from, route.Name, new JsonObject { ["type"] = "contact", ["id"] = adaId }),
                InvokeNames.ComposeQueryLink => Activities.Invoke(url, chat, from, route.Name,
                    new JsonObject { ["url"] = $"https://app.hubspot.com/contacts/{PortalA}/record/0-1/{adaId}" }),
                InvokeNames.ApplicationSearch => Activities.Invoke(url, chat, from, route.Name, new JsonObject { ["dataset"] = route.Key, ["queryText"] = "ada" }),
                InvokeNames.SignInVerifyState => Activities.SignInVerifyState(url, chat, from, "123456"),
                _ => Activities.Invoke(url, chat, from, route.Name, new JsonObject
                {
                    ["commandId"] = route.Key, ["commandContext"] = "message",
                    ["parameters"] = new JsonArray(new JsonObject { ["name"] = "searchKeyword", ["value"] = "ada" }),
                    ["messagePayload"] = new JsonObject
                    {
                        ["id"] = "1700000000777", ["from"] = new JsonObject { ["user"] = new JsonObject { ["id"] = "29:x", ["displayName"] = "Someone" } },
                        ["body"] = new JsonObject { ["contentType"] = "html", ["content"] = "<p>ada@example.com</p>" },
                    },
                    ["data"] = new JsonObject { ["record"] = $"contact:{adaId}", ["recordText"] = "ada", ["kind"] = "note" },
                }),
            },
        };
    }

    /// <summary>A typeahead or a link preview shows no sentence: refused there means an empty answer.</summary>
    private static bool Refused(RouteRegistration route, string answer) => route.Name switch
    {
        InvokeNames.ApplicationSearch => answer.Contains("\"results\":[]", StringComparison.Ordinal),
        InvokeNames.ComposeQueryLink => answer.Contains("\"attachments\":[]", StringComparison.Ordinal),
        _ => answer.Contains($"You need the {route.Access.Role} role", StringComparison.Ordinal),
    };

    /// <summary>The answer without per-activity ids, to compare two callers' refusals.</summary>
    private static string Refusal(string answer)
    {
        var start = answer.IndexOf("You need the", StringComparison.Ordinal);
        if (start < 0) return answer.Contains("\"results\":[]", StringComparison.Ordinal) || answer.Contains("\"attachments\":[]", StringComparison.Ordinal) ? "(empty)" : answer;
        var end = answer.IndexOfAny(['"', '\n'], start);
        return end < 0 ? answer[start..] : answer[start..end];
    }

    private static JsonObject With(JsonObject data, string key, string value)
    {
        var copy = data.DeepClone().AsObject();
        copy[key] = value;
        return copy;
    }

    private static string? Property(JsonElement record, string name) =>
        record.GetProperty("properties").TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
