using System.Text.Json.Nodes;

namespace Bot.Tests.Features.Deals;

/// <summary>Reads forms the way a person (and Teams) would: inputs and their values, errors under inputs, and the buttons' data.</summary>
internal static class FormCards
{
    /// <summary>The card in an adaptiveCard/action answer (replace card).</summary>
    public static JsonObject ExecuteCard(JsonNode? body)
    {
        Assert.Equal("application/vnd.microsoft.card.adaptive", body?["type"]?.GetValue<string>());
        return body!["value"]!.AsObject();
    }

    /// <summary>The card in a task/fetch or task/submit "continue" answer.</summary>
    public static JsonObject DialogCard(JsonNode? body)
    {
        Assert.Equal("continue", body?["task"]?["type"]?.GetValue<string>());
        return body!["task"]!["value"]!["card"]!["content"]!.AsObject();
    }

    public static string? DialogMessage(JsonNode? body) =>
        body?["task"]?["type"]?.GetValue<string>() == "message" ? body["task"]!["value"]!.GetValue<string>() : null;

    public static string? ExecuteMessage(JsonNode? body) =>
        body?["type"]?.GetValue<string>() == "application/vnd.microsoft.activity.message" ? body["value"]!.GetValue<string>() : null;

    public static IEnumerable<JsonObject> Elements(JsonNode? node) => node switch
    {
        JsonObject o => (o["type"] is not null ? [o] : Array.Empty<JsonObject>()).Concat(o.SelectMany(p => Elements(p.Value))),
        JsonArray a => a.SelectMany(Elements),
        _ => [],
    };

    public static JsonObject Input(JsonObject card, string id) =>
        Elements(card["body"]).Single(e => e["id"]?.GetValue<string>() == id && e["type"]!.GetValue<string>().StartsWith("Input.", StringComparison.Ordinal));

    public static string? InputValue(JsonObject card, string id) => Input(card, id)["value"]?.GetValue<string>();

    /// <summary>The server-side error shown right under an input.</summary>
    public static string? ErrorUnder(JsonObject card, string id) =>
        Elements(card["body"]).SingleOrDefault(e => e["id"]?.GetValue<string>() == $"{id}Error")?["text"]?.GetValue<string>();

    public static IEnumerable<string> ChoiceTitles(JsonObject card, string id) =>
        Input(card, id)["choices"]!.AsArray().Select(c => c!["title"]!.GetValue<string>());

    public static string ChoiceValue(JsonObject card, string id, string title) =>
        Input(card, id)["choices"]!.AsArray().Single(c => c!["title"]!.GetValue<string>() == title)!["value"]!.GetValue<string>();

    public static JsonObject Action(JsonObject card, string title) =>
        card["actions"]!.AsArray().Select(a => a!.AsObject()).Single(a => a["title"]!.GetValue<string>() == title);

    /// <summary>What clicking the button sends: its data merged with the given input values (docs/teams-protocol.md, "Action.Submit from a card" and "Action.Execute").</summary>
    public static JsonObject Click(JsonObject card, string title, params (string Id, string Value)[] inputs)
    {
        var data = Action(card, title)["data"]!.DeepClone().AsObject();
        data.Remove("msteams");
        foreach (var input in Elements(card["body"]).Where(e => e["type"]!.GetValue<string>().StartsWith("Input.", StringComparison.Ordinal)))
        {
            if (input["value"] is JsonValue v) data[input["id"]!.GetValue<string>()] = v.GetValue<string>();
        }
        foreach (var (id, value) in inputs) data[id] = value;
        return data;
    }

    public static string Verb(JsonObject data) => data["verb"]!.GetValue<string>();
}
