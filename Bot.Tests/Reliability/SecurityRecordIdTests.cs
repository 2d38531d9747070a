using System.Text.Json.Nodes;
using Bot.Tests.Harness;
using HubSpotTeamsBot.HubSpot;
using Xunit.Abstractions;

namespace Bot.Tests.Reliability;

/// <summary>
/// Issue 16, L8: record ids arrive in card data, dialog data, compose picks and "Log to HubSpot" choices, all of which a
/// client can forge. The Editor (who may write) sends every id-carrying path with ids that are not HubSpot ids — path
/// traversal, query strings, emails, signs, exponents, non-ASCII digits, oversized numbers. Refused means: no 5xx, a
/// sentence that says the id is not valid (or asks which record), no error logged, and the portal unchanged.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class SecurityRecordIdTests(SecurityBotFixture bot, ITestOutputHelper output)
{
    private static readonly string[] HostileIds =
    [
        "../owners", "1/associations/contacts", "1?archived=true", "1#x", "ada@example.com", "-1", "0", "+5", "1e3", "1.0",
"١٢٣", "９９", "99999999999999999999", "1%2F2", "%2e%2e", "0x1F", "null", "",
    ];

    private static readonly string[] ValidIds = ["1", "151", "9223372036854775807"];

    [Fact]
    public void Only_positive_ascii_decimal_ids_that_fit_an_int64_are_HubSpot_ids()
    {
        Assert.All(HostileIds, id => Assert.False(RecordId.IsValid(id), id));
        Assert.All(ValidIds, id => Assert.True(RecordId.IsValid(id), id));
        Assert.Throws<InvalidRecordIdException>(() => RecordId.Require("../x"));
    }

    [Fact]
    public async Task Forged_record_ids_on_every_path_are_refused_before_reaching_HubSpot()
    {
        await bot.StartLinkedAsync();
        var before = await SecuritySnapshot.TakeAsync(bot, SandboxHost.DemoPortalId, ChannelSimulator.BotTenantId);
        var logsBefore = bot.Host.Logs.Lines.Count;
        var tally = new SecurityTally("security: L8 forged record ids", output);
        var editor = bot.Editor;
        var url = bot.Simulator.ServiceUrl;
        foreach (var id in HostileIds)
        {
            var chat = TeamsConversation.Personal(editor);
            JsonObject Data(string type = "contacts") => new() { ["recordId"] = id, ["recordType"] = type, ["submissionId"] = Guid.NewGuid().ToString("N") };
            var attacks = new (string Path, JsonObject Activity)[]
            {
                ("dialog open contact.update", Activities.TaskFetch(url, chat, editor, "contact.update", Data())),
                ("dialog open deal.update", Activities.TaskFetch(url, chat, editor, "deal.update", Data("deals"))),
                ("dialog open deal.stage", Activities.TaskFetch(url, chat, editor, "deal.stage", Data("deals"))),
                ("Action.Execute deal.update", Activities.AdaptiveCardAction(url, chat, editor, "deal.update", With(Data("deals"), "step", "open"))),
                ("Action.Execute activity.log", Activities.AdaptiveCardAction(url, chat, editor, "activity.log", With(With(Data(), "kind", "note"), "body", "x"))),
                ("Action.Submit contact.update", Activities.CardSubmit(url, chat, editor, With(With(Data(), "verb", "contact.update"), "jobtitle", "x"))),
                ("compose selectItem", Activities.Invoke(url, chat, editor, "composeExtension/selectItem", new JsonObject { ["type"] = "contact", ["id"] = id })),
                ("Log to HubSpot record choice", LogToHubSpot(chat, $"contact:{id}")),
            };
            foreach (var (path, activity) in attacks)
            {
                var (status, answer) = await SecurityExchange.SendAsync(bot, chat, activity);
                var problems = new List<string>();
                if (status >= 500 || status == 0) problems.Add($"status {status}");
                if (!Clear(answer)) problems.Add($"no clear refusal: {(answer.Length > 300 ? answer[..300] : answer)}");
                tally.Add($"{path} with id '{id}'", problems);
            }
        }
        var errors = bot.Host.Logs.Lines.Skip(logsBefore).Where(l => l.StartsWith("Error ", StringComparison.Ordinal) || l.StartsWith("Critical ", StringComparison.Ordinal)).ToList();
        tally.Add("errors logged", errors.Select(e => e.Length > 200 ? e[..200] : e));
        tally.Add("HubSpot records, role grants and portal link afterwards",
            (await SecuritySnapshot.TakeAsync(bot, SandboxHost.DemoPortalId, ChannelSimulator.BotTenantId)).ChangesSince(before));
        tally.Verdict();
    }

    /// <summary>The id refusal, or a form that asks which record (an empty / unusable id reads as "no id given").</summary>
    private static bool Clear(string answer) =>
        answer.Contains("HubSpot ids are whole numbers", StringComparison.Ordinal)
        || answer.Contains("Which contact?", StringComparison.Ordinal) || answer.Contains("Which deal?", StringComparison.Ordinal)
        || answer.Contains("does not say which", StringComparison.Ordinal) || answer.Contains("Choose the contact or deal", StringComparison.Ordinal)
        || answer.Contains("couldn\\u0027t tell which record", StringComparison.Ordinal) || answer.Contains("This form is out of date", StringComparison.Ordinal);

    private JsonObject LogToHubSpot(TeamsConversation chat, string record) =>
        Activities.Invoke(bot.Simulator.ServiceUrl, chat, bot.Editor, "composeExtension/submitAction", new JsonObject
        {
            ["commandId"] = "logToHubSpot", ["commandContext"] = "message",
            ["messagePayload"] = new JsonObject
            {
                ["id"] = "1700000000778", ["from"] = new JsonObject { ["user"] = new JsonObject { ["id"] = "29:x", ["displayName"] = "Someone" } },
                ["body"] = new JsonObject { ["contentType"] = "html", ["content"] = "<p>forged id</p>" },
            },
            ["data"] = new JsonObject { ["record"] = record, ["kind"] = "note" },
        });

    private static JsonObject With(JsonObject data, string key, string value)
    {
        var copy = data.DeepClone().AsObject();
        copy[key] = value;
        return copy;
    }
}
