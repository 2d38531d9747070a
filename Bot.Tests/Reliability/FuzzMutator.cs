using System.Text.Json;
using System.Text.Json.Nodes;
using Bot.Tests.Harness;

namespace Bot.Tests.Reliability;

/// <summary>
/// Bends a real activity the way a broken client or an attacker with a valid token could: drops fields, swaps types,
/// nulls, huge and odd strings, unicode, nested arrays, other verbs and invoke names, other senders. Most mutations
/// land inside the parts handlers read (value, text, entities, attachments, from) so the feature code is exercised,
/// the rest anywhere in the activity (type, conversation, channelData…).
/// </summary>
public sealed class FuzzMutator(FuzzValues values, FuzzBotFixture bot)
{
    private static readonly string[] HandlerFields = ["value", "text", "entities", "attachments", "from", "replyToId", "name", "channelData", "recipient"];

    private static readonly string[] Verbs =
    [
        "contact.create", "contact.update", "deal.create", "deal.update", "deal.stage", "activity.log", "role.grant", "portal.connect",
        "portal.cancel", "logToHubSpot", "open", "reload", "overwrite", "pick", "", "VERB.UNKNOWN",
    ];

    private static readonly string[] InvokeNames =
    [
        "adaptiveCard/action", "task/fetch", "task/submit", "composeExtension/query", "composeExtension/selectItem", "composeExtension/queryLink",
        "composeExtension/fetchTask", "composeExtension/submitAction", "composeExtension/querySettingUrl", "composeExtension/setting",
        "signin/verifyState", "signin/tokenExchange", "application/search", "message/submitAction", "config/fetch", "actionableMessage/executeAction",
        "fileConsent/invoke", "healthCheck", "", "task/fetch/../../x",
    ];

    private Random Random => values.Random;

    /// <summary>A mutated copy of <paramref name="seed"/> and what was done to it.</summary>
    public (JsonObject Activity, string What) Mutate(FuzzSeed seed)
    {
        var activity = seed.Activity.DeepClone().AsObject();
        var steps = new List<string>();
        steps.Add(ChangeSender(activity));
        for (var i = Random.Next(1, 4); i > 0; i--) steps.Add(MutateOnce(activity));
        return (activity, string.Join("; ", steps.Where(s => s.Length > 0)));
    }

    private string ChangeSender(JsonObject activity)
    {
        // The admin may do anything, including unlinking the portal, which would starve every later case of a portal.
        var json = activity.ToJsonString();
        var adminSafe = !json.Contains("disconnect", StringComparison.OrdinalIgnoreCase) && !json.Contains("unlink", StringComparison.OrdinalIgnoreCase);
        var roll = Random.Next(10);
        var (who, name) = roll switch
        {
            < 6 => (bot.Editor, "editor"),
            < 8 => (bot.Viewer, "viewer"),
            8 when adminSafe => (bot.Admin, "admin"),
            _ => (TeamsUser.New("Fuzz Stranger"), "stranger"),
        };
        activity["from"] = new JsonObject { ["id"] = who.Id, ["name"] = who.Name, ["aadObjectId"] = who.AadObjectId };
        return name == "editor" ? string.Empty : $"from {name}";
    }

    private string MutateOnce(JsonObject activity)
    {
        var anywhere = Random.Next(5) == 0;
        var (parent, key, path) = PickSlot(activity, anywhere ? null : values.Pick(HandlerFields));

        switch (Random.Next(12))
        {
            case 0:
                Remove(parent, key);
                return $"dropped {path}";
            case 1:
                Set(parent, key, null);
                return $"null {path}";
            case 2:
                Set(parent, key, values.Any());
                return $"{path} = random value";
            case 3:
                Set(parent, key, JsonValue.Create(values.Huge()));
                return $"{path} = huge string";
            case 4:
                Set(parent, key, JsonValue.Create(values.NastyString()));
                return $"{path} = nasty string";
            case 5:
                Set(parent, key, values.Deep(Random.Next(2) == 0 ? Random.Next(5, 40) : Random.Next(65, 150)));
                return $"{path} = deep nesting";
            case 6:
                Set(parent, key, new JsonArray(Get(parent, key)?.DeepClone(), new JsonArray(JsonValue.Create(values.NastyString()))));
                return $"{path} wrapped in nested arrays";
            case 7:
                Set(parent, key, JsonValue.Create(values.Text(Random.Next(1, 200))));
                return $"{path} = unicode text";
            case 8:
                return SwapType(parent, key, path);
            case 9:
                if (activity["value"] is JsonObject value)
                {
                    var verb = values.Pick(Verbs);
                    SetVerb(value, verb);
                    return $"verb → '{verb}'";
                }
                goto default;
            case 10:
                if (activity["type"]?.GetValueKind() == JsonValueKind.String && activity["type"]!.GetValue<string>() == "invoke")
                {
                    var name = values.Pick(InvokeNames);
                    activity["name"] = name;
                    return $"invoke name → '{name}'";
                }
                goto default;
            default:
                if (parent is JsonObject o)
                {
                    var extra = values.NastyString();
                    o[extra] = values.Any();
                    return $"added key '{extra}' under {path}";
                }
                Set(parent, key, values.RandomObject());
                return $"{path} = random object";
        }
    }

    /// <summary>The same content in another JSON type: "1" ↔ 1, true, ["…"], {"value": …}.</summary>
    private static string SwapType(JsonNode parent, object key, string path)
    {
        var current = Get(parent, key);
        JsonNode? swapped = current switch
        {
            JsonValue v when v.GetValueKind() == JsonValueKind.String => long.TryParse(v.GetValue<string>(), out var n) ? JsonValue.Create(n) : new JsonArray(v.DeepClone()),
            JsonValue v when v.GetValueKind() == JsonValueKind.Number => JsonValue.Create(v.ToJsonString() + "x"),
            JsonValue => JsonValue.Create(1),
            JsonObject o => new JsonArray(o.DeepClone()),
            JsonArray a => new JsonObject { ["items"] = a.DeepClone() },
            _ => JsonValue.Create(false),
        };
        Set(parent, key, swapped);
        return $"{path} type swapped";
    }

    private static void SetVerb(JsonObject value, string verb)
    {
        value["verb"] = verb;
        if (value["data"] is JsonObject data) data["verb"] = verb;
        if (value["action"] is JsonObject action)
        {
            action["verb"] = verb;
            if (action["data"] is JsonObject actionData) actionData["verb"] = verb;
        }
    }

    /// <summary>A random slot (object property or array element) in the activity, under <paramref name="field"/> when given.</summary>
    private (JsonNode Parent, object Key, string Path) PickSlot(JsonObject activity, string? field)
    {
        var slots = new List<(JsonNode Parent, object Key, string Path)>();
        void Walk(JsonNode node, string path, int depth)
        {
            if (depth > 8 || slots.Count > 400) return;
            switch (node)
            {
                case JsonObject o:
                    foreach (var (name, child) in o.ToList())
                    {
                        slots.Add((o, name, $"{path}.{name}"));
                        if (child is not null) Walk(child, $"{path}.{name}", depth + 1);
                    }
                    break;
                case JsonArray a:
                    for (var i = 0; i < a.Count; i++)
                    {
                        slots.Add((a, i, $"{path}[{i}]"));
                        if (a[i] is { } child) Walk(child, $"{path}[{i}]", depth + 1);
                    }
                    break;
            }
        }
        if (field is null)
        {
            Walk(activity, string.Empty, 0);
        }
        else
        {
            // The field itself (present or not, so a missing field can be added) and everything under it.
            slots.Add((activity, field, $".{field}"));
            if (activity[field] is { } child) Walk(child, $".{field}", 1);
        }
        return slots[Random.Next(slots.Count)];
    }

    private static JsonNode? Get(JsonNode parent, object key) => parent switch
    {
        JsonObject o => o[(string)key],
        JsonArray a => a[(int)key],
        _ => null,
    };

    private static void Set(JsonNode parent, object key, JsonNode? value)
    {
        if (parent is JsonObject o) o[(string)key] = value;
        else if (parent is JsonArray a) a[(int)key] = value;
    }

    private static void Remove(JsonNode parent, object key)
    {
        if (parent is JsonObject o) o.Remove((string)key);
        else if (parent is JsonArray a) a.RemoveAt((int)key);
    }
}
