using System.Text.Json.Nodes;
using Bot.Tests.Harness;

namespace Bot.Tests.Reliability;

/// <summary>
/// Issue 19, fuzzing: invoke values of shapes Teams never sends, for every invoke the protocol layer types — the value
/// not an object, each field with each wrong type, a required field missing — plus card submits whose verb is not
/// text. Every invoke case must be refused with 400 (never 5xx, never a handler's answer).
/// </summary>
public sealed class FuzzPayloadCases(FuzzBotFixture bot)
{
    /// <summary>A well-formed value per invoke name, the field each one requires, and which fields must be objects.</summary>
    private static readonly (string Name, string Value, string[] Required)[] Invokes =
    [
        ("composeExtension/query", """{"commandId":"searchContacts","parameters":[{"name":"searchKeyword","value":"ada"}],"queryOptions":{"skip":0,"count":10},"state":"1"}""", ["commandId"]),
        ("composeExtension/queryLink", """{"url":"https://app.hubspot.com/contacts/1/record/0-1/2"}""", ["url"]),
        ("composeExtension/fetchTask", """{"commandId":"logToHubSpot","commandContext":"message","context":{"theme":"default"},"messagePayload":{"id":"1"}}""", ["commandId"]),
        ("composeExtension/submitAction", """{"commandId":"logToHubSpot","commandContext":"message","context":{"theme":"default"},"messagePayload":{"id":"1"},"data":{"kind":"note"}}""", ["commandId"]),
        ("task/fetch", """{"data":{"verb":"contact.create","msteams":{"type":"task/fetch"}},"context":{"theme":"default"}}""", ["data"]),
        ("task/submit", """{"data":{"verb":"contact.create","firstname":"Ada"},"context":{"theme":"default"}}""", ["data"]),
        ("adaptiveCard/action", """{"action":{"type":"Action.Execute","id":"a","verb":"contact.create","data":{"firstname":"Ada"}},"trigger":"manual"}""", ["action"]),
        ("application/search", """{"queryText":"ada","dataset":"contacts","queryOptions":{"skip":0,"top":15}}""", []),
        ("signin/verifyState", """{"state":"123456"}""", []),
    ];

    /// <summary>Nested fields whose wrong type must be refused too.</summary>
    private static readonly (string Name, string Path)[] NestedFields =
    [
        ("composeExtension/query", "queryOptions.skip"), ("composeExtension/query", "queryOptions.count"),
        ("adaptiveCard/action", "action.verb"), ("adaptiveCard/action", "action.data"), ("adaptiveCard/action", "action.type"),
        ("application/search", "queryOptions.top"),
    ];

    /// <summary>Values of every JSON kind; for each field the ones of its own kind are skipped.</summary>
    private static JsonNode?[] WrongValues() =>
        [JsonValue.Create(42), JsonValue.Create(-1.5e300), JsonValue.Create(true), JsonValue.Create("text"), new JsonArray("x", 1), new JsonObject { ["x"] = 1 }];

    public IReadOnlyList<FuzzCase> Cases()
    {
        var url = bot.Simulator.ServiceUrl;
        var chat = TeamsConversation.Personal(bot.Editor);
        var cases = new List<FuzzCase>();
        void Add(string description, JsonObject activity)
        {
            activity["id"] = $"p:{Guid.NewGuid():N}";
            cases.Add(FuzzGenerator.Case(cases.Count, description, FuzzGenerator.Serialize(activity)));
        }

        foreach (var (name, good, required) in Invokes)
        {
            foreach (var root in new JsonNode?[] { null, JsonValue.Create("x"), JsonValue.Create(7), new JsonArray(JsonNode.Parse(good)) })
                Add($"{name}: value {root?.ToJsonString() ?? "null"}", Activities.Invoke(url, chat, bot.Editor, name, root));
            foreach (var field in required)
            {
                var missing = JsonNode.Parse(good)!.AsObject();
                missing.Remove(field);
                Add($"{name}: '{field}' missing", Activities.Invoke(url, chat, bot.Editor, name, missing));
            }
            foreach (var field in JsonNode.Parse(good)!.AsObject().Select(p => p.Key).ToList())
                foreach (var wrong in WrongValues().Where(w => Kind(w) != Kind(JsonNode.Parse(good)![field])))
                    Add($"{name}: '{field}' = {wrong!.ToJsonString()}", Activities.Invoke(url, chat, bot.Editor, name, With(good, [field], wrong)));
        }
        foreach (var (name, path) in NestedFields)
        {
            var good = Invokes.Single(i => i.Name == name).Value;
            var steps = path.Split('.');
            foreach (var wrong in WrongValues().Where(w => Kind(w) != Kind(JsonNode.Parse(good)![steps[0]]![steps[1]])))
                Add($"{name}: '{path}' = {wrong!.ToJsonString()}", Activities.Invoke(url, chat, bot.Editor, name, With(good, steps, wrong)));
        }
        foreach (var wrong in WrongValues().Where(w => Kind(w) != "String"))
            Add($"card submit: 'verb' = {wrong!.ToJsonString()}", Activities.CardSubmit(url, chat, bot.Editor, new JsonObject { ["verb"] = wrong, ["recordId"] = "1" }));
        return cases;
    }

    private static JsonObject With(string good, string[] path, JsonNode? value)
    {
        var root = JsonNode.Parse(good)!.AsObject();
        var parent = root;
        foreach (var step in path[..^1]) parent = parent[step]!.AsObject();
        parent[path[^1]] = value;
        return root;
    }

    /// <summary>Numbers of every size count as one kind: a huge number in an int field is its own (wrong) case.</summary>
    private static string Kind(JsonNode? node) => node is null ? "Null" : node.GetValueKind() switch
    {
        System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => "Bool",
        var kind => kind.ToString(),
    };
}
