using System.Text.Json.Nodes;
using Bot.Tests.Features.Contacts;
using Bot.Tests.Features.Deals;
using Bot.Tests.Harness;
using HubSpotTeamsBot.Features.Deals;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Bot.Tests.Reliability;

/// <summary>
/// Issue 10, security: role bypass through crafted submits. The Editor renders each write form and fills it; a Viewer
/// and a stranger (no role) then post exactly that data on every path a button can take (Action.Execute, dialog
/// submit, Action.Submit message), and non-admins post the admin-only submits and commands. Refused means: the refusal
/// sentence, a Denied audit entry for the attacker, and no change to HubSpot, the role grants or the portal link.
/// The Editor's own post of the same data is the control that the payloads would write.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class SecurityRoleBypassTests(SecurityBotFixture bot, ITestOutputHelper output)
{
    private const string TenantA = ChannelSimulator.BotTenantId;

    [Fact]
    public async Task Viewers_strangers_and_non_admins_posting_crafted_submits_are_refused_and_audited()
    {
        await bot.LinkPortalAsync();
        var editor = new CrmFlow(bot, bot.Editor);
        var ada = (await editor.Crm.GetContactByEmailAsync(TenantA, "ada@example.com"))!;
        var deal = (await editor.AllAsync("deals"))[0].GetProperty("id").GetString()!;
        var marker = Guid.NewGuid().ToString("N")[..10];
        var forms = await EditorFormsAsync(editor, ada.Id, deal, marker);

        var before = await SecuritySnapshot.TakeAsync(bot, SandboxHost.DemoPortalId, TenantA);
        var tally = new SecurityTally("security: role bypass", output);
        var stranger = TeamsUser.New("Stranger Danger");
        foreach (var attacker in new[] { bot.Viewer, stranger })
        {
            foreach (var (verb, data) in forms)
            {
                foreach (var (path, activity) in Paths(attacker, verb, Fresh(data)))
                    tally.Add($"{Who(attacker)} {path} {verb}", await AttackAsync(attacker, activity, verb));
            }
            tally.Add($"{Who(attacker)} Log to HubSpot", await AttackAsync(attacker, LogToHubSpot(attacker, ada.Id, marker), "note.create"));
        }
        foreach (var attacker in new[] { bot.Editor, bot.Viewer, stranger })
        {
            foreach (var (name, activity, action) in AdminOnly(attacker))
                tally.Add($"{Who(attacker)} {name}", await AttackAsync(attacker, activity, action));
        }
        tally.Add("HubSpot records, role grants and portal link afterwards", (await SecuritySnapshot.TakeAsync(bot, SandboxHost.DemoPortalId, TenantA)).ChangesSince(before));

        // Control: the Editor's own post of each form writes, so the refusals above were the role checks' doing.
        foreach (var (verb, data) in forms)
        {
            var (status, answer) = await SecurityExchange.SendAsync(bot, editor.Conversation, Activities.AdaptiveCardAction(bot.Simulator.ServiceUrl, editor.Conversation, bot.Editor, verb, Fresh(data)));
            Assert.True(status == 200 && !answer.Contains("You need the", StringComparison.Ordinal), $"control {verb}: {status} {answer}");
        }
        Assert.NotEqual(before.Records, (await SecuritySnapshot.TakeAsync(bot, SandboxHost.DemoPortalId, TenantA)).Records);
        tally.Verdict();
    }

    /// <summary>Each Editor-only form as the Editor's client would submit it, filled so it would write.</summary>
    private static async Task<List<(string Verb, JsonObject Data)>> EditorFormsAsync(CrmFlow editor, string contactId, string dealId, string marker)
    {
        async Task<JsonObject> Dialog(string verb, JsonObject? data = null) => FormCards.DialogCard(await editor.FetchAsync(verb, data));
        var note = (await editor.SayAsync("log note ada@example.com")).Card!;
        return
        [
            ("contact.create", FormCards.Click(await Dialog("contact.create"), "Create contact", ("email", $"bypass-{marker}@example.com"), ("firstname", "Bypass"))),
            ("contact.update", FormCards.Click(await Dialog("contact.update", new JsonObject { ["recordId"] = contactId }), "Save changes", ("jobtitle", $"Bypass {marker}"))),
            ("deal.create", FormCards.Click(await Dialog("deal.create"), "Create deal", (DealFields.Name, $"Bypass {marker}"), (DealFields.Stage, "default|qualifiedtobuy"))),
            ("deal.update", FormCards.Click(await Dialog("deal.update", new JsonObject { ["recordId"] = dealId, ["recordType"] = "deals" }), "Save", (DealFields.Amount, "4242"))),
            ("deal.stage", FormCards.Click(await Dialog("deal.stage", new JsonObject { ["recordId"] = dealId }), "Move", (DealFields.Stage, "default|closedwon"))),
            ("activity.log", FormCards.Click(note, "Log note", ("body", $"Bypass {marker}"))),
        ];
    }

    private IEnumerable<(string Path, JsonObject Activity)> Paths(TeamsUser attacker, string verb, JsonObject data)
    {
        var url = bot.Simulator.ServiceUrl;
        var chat = TeamsConversation.Personal(attacker);
        yield return ("Action.Execute", Activities.AdaptiveCardAction(url, chat, attacker, verb, data.DeepClone().AsObject()));
        yield return ("dialog submit", Activities.TaskSubmit(url, chat, attacker, verb, Fresh(data)));
        var submit = Fresh(data);
        submit["verb"] = verb;
        yield return ("Action.Submit", Activities.CardSubmit(url, chat, attacker, submit));
        yield return ("dialog open", Activities.TaskFetch(url, chat, attacker, verb, data.DeepClone().AsObject()));
    }

    private IEnumerable<(string Name, JsonObject Activity, string Action)> AdminOnly(TeamsUser attacker)
    {
        var url = bot.Simulator.ServiceUrl;
        var chat = TeamsConversation.Personal(attacker);
        yield return ("role.grant submit making themself Admin", Activities.CardSubmit(url, chat, attacker, new JsonObject
        {
            ["verb"] = "role.grant", ["principalId"] = attacker.AadObjectId, ["kind"] = "User", ["name"] = attacker.Name, ["role"] = "Admin",
        }), "role.grant");
        yield return ("`role grant … admin` for themself", Activities.Message(url, chat, attacker, $"role grant {attacker.Email} admin"), "role.grant");
        yield return ("`role revoke` of the admin", Activities.Message(url, chat, attacker, $"role revoke {bot.Admin.Email}"), "role.revoke");
        yield return ("confirmed disconnect submit", Activities.CardSubmit(url, chat, attacker, new JsonObject { ["verb"] = "portal.disconnect", ["confirm"] = true }), "portal.unlink");
        yield return ("confirmed relink submit", Activities.CardSubmit(url, chat, attacker, new JsonObject { ["verb"] = "portal.connect", ["confirm"] = true }), "portal.link");
        yield return ("`audit`", Activities.Message(url, chat, attacker, "audit"), "audit.read");
    }

    private JsonObject LogToHubSpot(TeamsUser attacker, string contactId, string marker) =>
        Activities.Invoke(bot.Simulator.ServiceUrl, TeamsConversation.Personal(attacker), attacker, "composeExtension/submitAction", new JsonObject
        {
            ["commandId"] = "logToHubSpot", ["commandContext"] = "message",
            ["messagePayload"] = new JsonObject
            {
                ["id"] = "1700000000777", ["from"] = new JsonObject { ["user"] = new JsonObject { ["id"] = "29:x", ["displayName"] = "Someone" } },
                ["body"] = new JsonObject { ["contentType"] = "html", ["content"] = $"<p>Bypass {marker}</p>" },
            },
            ["data"] = new JsonObject { ["record"] = $"contact:{contactId}", ["kind"] = "note" },
        });

    /// <summary>Posts the attack; the problems with its answer and audit trail (none when refused as it must be).</summary>
    private async Task<List<string>> AttackAsync(TeamsUser attacker, JsonObject activity, string action)
    {
        var denied = await DeniedAsync(attacker, action);
        var (status, answer) = await SecurityExchange.SendAsync(bot, TeamsConversation.Personal(attacker) with { Id = activity["conversation"]!["id"]!.GetValue<string>() }, activity);
        var problems = new List<string>();
        if (status >= 500) problems.Add($"status {status}");
        if (!answer.Contains("You need the", StringComparison.Ordinal)) problems.Add($"no refusal in the answer: {(answer.Length > 300 ? answer[..300] : answer)}");
        if (await DeniedAsync(attacker, action) <= denied) problems.Add($"no Denied audit entry for {action}");
        return problems;
    }

    private async Task<int> DeniedAsync(TeamsUser who, string action)
    {
        var page = await bot.Host.Services.GetRequiredService<AuditLog>().ReadPageAsync(TenantA, AuditLog.MaxPageSize);
        return page.Entries.Count(e => e.ActorAadObjectId == who.AadObjectId && e.Action == action && e.Outcome == "Denied");
    }

    /// <summary>A new submission id, so the idempotency record of an earlier post can't answer in the role check's place.</summary>
    private static JsonObject Fresh(JsonObject data)
    {
        var copy = data.DeepClone().AsObject();
        if (copy.ContainsKey("submissionId")) copy["submissionId"] = Guid.NewGuid().ToString("N");
        return copy;
    }

    private string Who(TeamsUser user) => user == bot.Viewer ? "viewer" : user == bot.Editor ? "editor" : "stranger";
}
