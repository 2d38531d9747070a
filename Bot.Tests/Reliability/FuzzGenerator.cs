using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bot.Tests.Harness;

namespace Bot.Tests.Reliability;

/// <summary>Builds the fuzz cases of each family from one seeded <see cref="Random"/>, so a seed replays the same cases.</summary>
public sealed class FuzzGenerator(FuzzValues values, FuzzBotFixture bot)
{
    /// <summary>Nesting past System.Text.Json's default 64 must still be writable, so the bot's reader is what refuses it.</summary>
    private static readonly JsonSerializerOptions Writer = new() { MaxDepth = 4096 };

    /// <summary>The fields of an activity the bot reads or that Teams always sends.</summary>
    public static readonly string[] KnownFields =
    [
        "type", "id", "name", "timestamp", "serviceUrl", "channelId", "from", "recipient", "conversation", "text", "textFormat", "locale",
        "replyToId", "action", "attachments", "entities", "channelData", "value", "membersAdded", "membersRemoved",
    ];

    private static readonly string[] DeepFields = ["value", "channelData", "entities", "attachments", "from"];

    private Random Random => values.Random;

    public static string Serialize(JsonNode? node) => node is null ? "null" : node.ToJsonString(Writer);

    public static FuzzCase Case(int index, string description, string body)
    {
        var isInvoke = false;
        try
        {
            // Last key wins when a key repeats, as a lenient reader would take it.
            using var json = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 4096 });
            isInvoke = json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.EnumerateObject().LastOrDefault(p => p.Name == "type").Value is { ValueKind: JsonValueKind.String } type
                && type.GetString() == "invoke";
        }
        catch (JsonException)
        {
            // Not JSON: not an invoke as far as the verdict is concerned.
        }
        return new FuzzCase(index, description, body, isInvoke);
    }

    /// <summary>Bodies that are not activities at all: any JSON value, broken JSON, empty, oversized, activity-shaped noise.</summary>
    public IReadOnlyList<FuzzCase> RandomJson(int count)
    {
        var valid = Serialize(Base());
        var cases = new List<FuzzCase>(count);
        // Every known way of breaking JSON once, whatever the seed; then random picks of everything.
        foreach (var broken in BrokenJson(valid)) cases.Add(Case(cases.Count, "broken JSON text", broken));
        for (var i = cases.Count; i < count; i++)
        {
            var (description, body) = Random.Next(9) switch
            {
                0 => ("random JSON value", Serialize(values.Any())),
                1 => ("random JSON object", Serialize(values.RandomObject(3))),
                2 => ("truncated activity", valid[..Random.Next(1, valid.Length)]),
                3 => ("broken JSON text", values.Pick(BrokenJson(valid))),
                4 => ("random text", values.Text(Random.Next(0, 2_000))),
                5 => ("activity-shaped noise", Serialize(Noise())),
                6 => ("deeply nested activity", Serialize(DeepActivity())),
                7 => ("oversized activity", Oversized()),
                _ => ("activity with a random type", Serialize(WithType(values.Random.Next(2) == 0 ? values.NastyString() : values.Text(Random.Next(1, 30))))),
            };
            cases.Add(Case(i, description, body));
        }
        return cases;
    }

    /// <summary>Every known field given every wrong kind of value, on each base activity shape (a systematic sweep).</summary>
    public IReadOnlyList<FuzzCase> WrongTypes()
    {
        var cases = new List<FuzzCase>();
        var wrong = new (string Name, Func<JsonNode?> Make)[]
        {
            ("null", () => null), ("number", () => JsonValue.Create(42)), ("float", () => JsonValue.Create(1e300)), ("bool", () => JsonValue.Create(true)),
            ("string", () => JsonValue.Create(values.NastyString())), ("array", () => new JsonArray(JsonValue.Create("x"), new JsonObject())),
            ("object", () => new JsonObject { ["id"] = new JsonArray(), ["verb"] = 7 }), ("huge string", () => JsonValue.Create(values.Huge())),
            ("deep nesting", () => values.Deep(Random.Next(20, 100))),
        };
        foreach (var (baseName, make) in Bases())
        {
            foreach (var field in KnownFields)
            {
                foreach (var (kind, value) in wrong)
                {
                    var activity = make();
                    activity[field] = value();
                    cases.Add(Case(cases.Count, $"{baseName}: {field} = {kind}", Serialize(activity)));
                }
            }
        }
        return cases;
    }

    /// <summary>Mutated copies of the real corpus, the seeds themselves first.</summary>
    public IReadOnlyList<FuzzCase> Mutated(FuzzCorpus corpus, int count)
    {
        var mutator = new FuzzMutator(values, bot);
        var cases = new List<FuzzCase>(count);
        foreach (var seed in corpus.Seeds.Where(s => !s.Description.Contains("connect", StringComparison.Ordinal)))
            cases.Add(Case(cases.Count, $"seed {seed.Description}", Serialize(seed.Activity)));
        while (cases.Count < count)
        {
            var seed = values.Pick(corpus.Seeds);
            var (activity, what) = mutator.Mutate(seed);
            activity["id"] = $"f:{Guid.NewGuid():N}";
            cases.Add(Case(cases.Count, $"{seed.Description}: {what}", Serialize(activity)));
        }
        return cases;
    }

    private IEnumerable<(string Name, Func<JsonObject> Make)> Bases()
    {
        var chat = TeamsConversation.Personal(bot.Editor);
        var url = bot.Simulator.ServiceUrl;
        yield return ("message 'new contact'", () => Activities.Message(url, chat, bot.Editor, "new contact"));
        yield return ("card submit contact.create", () => Activities.CardSubmit(url, chat, bot.Editor, new JsonObject { ["verb"] = "contact.create", ["submissionId"] = Guid.NewGuid().ToString("N"), ["email"] = "fuzz@example.com" }));
        yield return ("adaptiveCard/action activity.log", () => Activities.AdaptiveCardAction(url, chat, bot.Editor, "activity.log", new JsonObject { ["recordId"] = "1001", ["recordType"] = "contacts" }));
        yield return ("composeExtension/query", () => Activities.ComposeQuery(url, chat, bot.Editor, "searchContacts", "ada"));
    }

    private JsonObject Base() => Activities.Message(bot.Simulator.ServiceUrl, TeamsConversation.Personal(bot.Editor), bot.Editor, "help");

    private JsonObject WithType(string type)
    {
        var activity = Base();
        activity["type"] = type;
        return activity;
    }

    private JsonObject Noise()
    {
        var activity = Base();
        foreach (var field in KnownFields.Where(_ => Random.Next(3) == 0)) activity[field] = values.Any();
        return activity;
    }

    private JsonObject DeepActivity()
    {
        var activity = Base();
        activity[values.Pick(DeepFields)] = values.Deep(Random.Next(30, 300));
        return activity;
    }

    private string Oversized()
    {
        var activity = Base();
        activity["text"] = new string('x', Random.Next(520 * 1024, 900 * 1024));
        return Serialize(activity);
    }

    private static string[] BrokenJson(string valid) =>
    [
        "", " ", "{", "}", "[", "{\"type\":", "{\"type\":\"message\",}", "{'type':'message'}", "{\"type\":NaN}", "// comment\n" + valid,
        "\uFEFF" + valid, valid + valid, valid + "garbage", valid.Replace("\"type\":\"message\"", "\"type\":\"message\",\"type\":\"invoke\"", StringComparison.Ordinal),
        valid.Replace("\"", "'", StringComparison.Ordinal), valid.Replace("{\"type\"", "{\"x\":1,\"x\":[2],\"type\"", StringComparison.Ordinal),
        valid.Replace("\"from\":{", "\"from\":{\"zz\":1,\"zz\":2,", StringComparison.Ordinal), "null", "true", "0", "\"message\"", "[" + valid + "]",
        Encoding.UTF8.GetString([0xC3, 0x28, 0xA0, 0xA1]), "{\"type\":\"message\",\"text\":\"\\ud800\"}",
    ];
}
