using System.Text.Json;
using System.Text.Json.Nodes;
using Bot.Tests.Harness;

namespace Bot.Tests.Reliability;

/// <summary>A real activity the bot handles, named for failure messages; mutations start from these.</summary>
public sealed record FuzzSeed(string Description, JsonObject Activity);

/// <summary>
/// The seed corpus: every route the bot has, reached with real activities. Commands come from the Activities
/// builders; card submits, Action.Execute, dialog fetch/submit, compose searches, item picks, link unfurls and the
/// message action come from driving the real bot as the Editor and harvesting the buttons, inputs and taps of the
/// cards it answered with — so the corpus follows the product as it changes.
/// </summary>
public sealed class FuzzCorpus
{
    private readonly FuzzBotFixture _bot;
    private readonly List<FuzzSeed> _seeds = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    private FuzzCorpus(FuzzBotFixture bot, TeamsConversation chat)
    {
        _bot = bot;
        Chat = chat;
    }

    public TeamsConversation Chat { get; }

    public IReadOnlyList<FuzzSeed> Seeds => _seeds;

    private string ServiceUrl => _bot.Simulator.ServiceUrl;

    private TeamsUser Editor => _bot.Editor;

    public static async Task<FuzzCorpus> BuildAsync(FuzzBotFixture bot)
    {
        var corpus = new FuzzCorpus(bot, TeamsConversation.Personal(bot.Editor));
        await corpus.HarvestAsync();
        return corpus;
    }

    private async Task HarvestAsync()
    {
        var contacts = await _bot.Sandbox.Admin.GetObjectsAsync(SandboxHost.DemoPortalId, "contacts");
        var deals = await _bot.Sandbox.Admin.GetObjectsAsync(SandboxHost.DemoPortalId, "deals");
        var contactId = contacts[0].GetProperty("id").GetString()!;
        var contactEmail = contacts.EnumerateArray().Select(c => Property(c, "email")).First(e => e is not null)!;
        var dealId = deals[0].GetProperty("id").GetString()!;
        var dealName = Property(deals[0], "dealname") ?? dealId;

        string[] commands =
        [
            "help", "whoami", "status", "roles", "audit 5", $"find {contactEmail}", "find ada", "new contact", $"edit contact {contactEmail}",
            $"edit contact {contactId}", "edit contact ada", "new deal", $"update deal {dealId}", $"update deal {dealName}", $"log note {contactEmail}",
            $"log call {contactEmail}", $"log meeting {contactEmail}", $"log task {dealName}", "log", $"role grant {_bot.Viewer.Email} editor",
            $"role revoke {_bot.Viewer.Email}", "connect", "123456", "make me a sandwich",
        ];
        foreach (var text in commands)
        {
            var message = Activities.Message(ServiceUrl, Chat, Editor, text);
            Add($"message '{text}'", message);
            await HarvestRepliesAsync(() => _bot.Teams.PostAsync(message.DeepClone().AsObject()));
        }
        // Admin-only cards (relink confirmation) carry verbs an Editor never sees; harvest them as the admin.
        var adminChat = TeamsConversation.Personal(_bot.Admin);
        await HarvestRepliesAsync(() => _bot.Teams.PostAsync(Activities.Message(ServiceUrl, adminChat, _bot.Admin, "connect")));
        Add("message 'connect' mentioned in a channel", Activities.Message(ServiceUrl, TeamsConversation.Channel(Editor.TenantId), Editor, "connect", mentionBot: true));

        foreach (var verb in new[] { "contact.create", "contact.update", "deal.create", "deal.update", "deal.stage", "activity.log" })
        {
            var data = new JsonObject { ["recordId"] = verb.StartsWith("deal", StringComparison.Ordinal) ? dealId : contactId, ["recordType"] = verb.StartsWith("deal", StringComparison.Ordinal) ? "deals" : "contacts" };
            var fetch = Activities.TaskFetch(ServiceUrl, Chat, Editor, verb, data);
            Add($"task/fetch {verb}", fetch);
            Harvest($"task/fetch {verb}", (await _bot.Teams.InvokeAsync(fetch.DeepClone().AsObject())).Body);
        }
        Add("role.grant submit", Activities.CardSubmit(ServiceUrl, Chat, Editor, new JsonObject
        {
            ["verb"] = "role.grant", ["principalId"] = Guid.NewGuid().ToString(), ["kind"] = "User", ["name"] = "Fuzz Target", ["role"] = "Viewer",
        }));

        await HarvestMessageExtensionAsync(contactId, contactEmail, dealId, dealName);

        Add("signin/verifyState", Activities.SignInVerifyState(ServiceUrl, Chat, Editor, "123456"));
        Add("installationUpdate add", Activities.InstallationUpdate(ServiceUrl, Chat, Editor));
        Add("installationUpdate remove", Activities.InstallationUpdate(ServiceUrl, Chat, Editor, "remove"));
        Add("conversationUpdate bot added", Activities.BotAdded(ServiceUrl, TeamsConversation.Channel(Editor.TenantId), Editor));
        Add("unknown invoke", Activities.Invoke(ServiceUrl, Chat, Editor, "fuzz/unknown", new JsonObject { ["x"] = 1 }));
    }

    private async Task HarvestMessageExtensionAsync(string contactId, string contactEmail, string dealId, string dealName)
    {
        foreach (var (command, keyword) in new (string, string?)[] { ("searchContacts", "ada"), ("searchContacts", null), ("searchDeals", dealName), ("searchDeals", null) })
        {
            var query = Activities.ComposeQuery(ServiceUrl, Chat, Editor, command, keyword);
            Add($"composeExtension/query {command}", query);
            Harvest($"composeExtension/query {command}", (await _bot.Teams.InvokeAsync(query.DeepClone().AsObject())).Body);
        }
        foreach (var url in new[]
        {
            $"https://app.hubspot.com/contacts/{SandboxHost.DemoPortalId}/record/0-1/{contactId}",
            $"https://app.hubspot.com/contacts/{SandboxHost.DemoPortalId}/record/0-3/{dealId}",
            "https://example.com/not-hubspot",
        })
        {
            Add("composeExtension/queryLink", Activities.Invoke(ServiceUrl, Chat, Editor, "composeExtension/queryLink", new JsonObject { ["url"] = url }));
        }
        foreach (var dataset in new[] { "hubspotRecords", "contacts" })
        {
            Add($"application/search {dataset}", Activities.Invoke(ServiceUrl, Chat, Editor, "application/search", new JsonObject
            {
                ["queryText"] = "ada", ["dataset"] = dataset, ["queryOptions"] = new JsonObject { ["skip"] = 0, ["top"] = 15 },
            }));
        }

        var payload = new JsonObject
        {
            ["id"] = "1700000000001",
            ["createdDateTime"] = "2026-11-20T09:30:00.000Z",
            ["from"] = new JsonObject { ["user"] = new JsonObject { ["id"] = "29:someone", ["displayName"] = "Adele Vance" } },
            ["body"] = new JsonObject { ["contentType"] = "html", ["content"] = "<p>Fuzz <b>note</b> &amp; more</p>" },
            ["linkToMessage"] = "https://teams.microsoft.com/l/message/19:abc@thread.v2/1700000000001",
        };
        var fetch = Activities.Invoke(ServiceUrl, Chat, Editor, "composeExtension/fetchTask", new JsonObject
        {
            ["commandId"] = "logToHubSpot", ["commandContext"] = "message", ["messagePayload"] = payload.DeepClone(),
        });
        Add("composeExtension/fetchTask logToHubSpot", fetch);
        var dialog = (await _bot.Teams.InvokeAsync(fetch.DeepClone().AsObject())).Body;
        foreach (var data in SubmitData(dialog))
        {
            data["record"] = $"contact:{contactId}";
            data["recordText"] = contactEmail;
            Add("composeExtension/submitAction logToHubSpot", Activities.Invoke(ServiceUrl, Chat, Editor, "composeExtension/submitAction", new JsonObject
            {
                ["commandId"] = "logToHubSpot", ["commandContext"] = "message", ["messagePayload"] = payload.DeepClone(), ["data"] = data,
            }));
        }
        Add("composeExtension/submitAction by deal", Activities.Invoke(ServiceUrl, Chat, Editor, "composeExtension/submitAction", new JsonObject
        {
            ["commandId"] = "logToHubSpot", ["commandContext"] = "message", ["messagePayload"] = payload.DeepClone(),
            ["data"] = new JsonObject { ["record"] = $"deal:{dealId}", ["kind"] = "task", ["taskTitle"] = "Call back" },
        }));
    }

    /// <summary>Posts, waits for the turn's replies, and harvests the cards in them.</summary>
    private async Task HarvestRepliesAsync(Func<Task<HttpResponseMessage>> post)
    {
        var before = _bot.Teams.Connector.Calls.Count;
        using (await post())
        {
        }
        await _bot.Turns.WaitForQuietAsync(TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(20));
        foreach (var call in _bot.Teams.Connector.Calls.Skip(before).ToList()) Harvest("reply card", call.Body);
    }

    /// <summary>Turns every button on a card into the activities a click can produce, and every preview tap into a selectItem.</summary>
    private void Harvest(string origin, JsonNode? answer)
    {
        foreach (var data in SubmitData(answer))
        {
            if (data["verb"]?.GetValueKind() != JsonValueKind.String) continue;
            var verb = data["verb"]!.GetValue<string>();
            var plain = data.DeepClone().AsObject();
            plain.Remove("msteams");
            Add($"Action.Submit {verb} ({origin})", Activities.CardSubmit(ServiceUrl, Chat, Editor, plain.DeepClone().AsObject()));
            Add($"adaptiveCard/action {verb} ({origin})", Activities.AdaptiveCardAction(ServiceUrl, Chat, Editor, verb, plain.DeepClone().AsObject()));
            Add($"task/fetch {verb} ({origin})", Activities.TaskFetch(ServiceUrl, Chat, Editor, verb, plain.DeepClone().AsObject()));
            Add($"task/submit {verb} ({origin})", Activities.TaskSubmit(ServiceUrl, Chat, Editor, verb, plain));
        }
        foreach (var tap in Nodes(answer).Where(o => o["tap"]?["value"] is JsonObject).Select(o => o["tap"]!["value"]!.AsObject()))
            Add($"composeExtension/selectItem ({origin})", Activities.Invoke(ServiceUrl, Chat, Editor, "composeExtension/selectItem", tap.DeepClone()));
    }

    /// <summary>What each button on the cards in <paramref name="answer"/> sends: its data plus the inputs' current values.</summary>
    private static IEnumerable<JsonObject> SubmitData(JsonNode? answer)
    {
        foreach (var card in Nodes(answer).Where(o => o["type"]?.GetValueKind() == JsonValueKind.String && o["type"]!.GetValue<string>() == "AdaptiveCard"))
        {
            var inputs = Nodes(card["body"]).Where(o => o["id"] is JsonValue && Kind(o).StartsWith("Input.", StringComparison.Ordinal)).ToList();
            foreach (var action in Nodes(card).Where(o => Kind(o) is "Action.Submit" or "Action.Execute" && o["data"] is JsonObject))
            {
                var data = action["data"]!.DeepClone().AsObject();
                foreach (var input in inputs)
                {
                    var id = input["id"]!.GetValue<string>();
                    if (!data.ContainsKey(id)) data[id] = input["value"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : "";
                }
                yield return data;
            }
        }
    }

    private static string Kind(JsonObject o) => o["type"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : string.Empty;

    private static IEnumerable<JsonObject> Nodes(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.SelectMany(p => Nodes(p.Value))),
        JsonArray a => a.SelectMany(Nodes),
        _ => [],
    };

    private void Add(string description, JsonObject activity)
    {
        // The same button appears on many cards; one seed per distinct shape keeps the corpus small.
        var key = description + "|" + ((activity["value"] as JsonObject)?.ToJsonString() ?? activity["text"]?.ToJsonString());
        if (_seen.Add(key)) _seeds.Add(new FuzzSeed(description, activity));
    }

    private static string? Property(JsonElement record, string name) =>
        record.GetProperty("properties").TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
