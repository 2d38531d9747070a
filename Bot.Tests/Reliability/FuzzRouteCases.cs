using System.Text.Json.Nodes;
using Bot.Tests.Harness;
using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.BotFramework.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Reliability;

/// <summary>
/// Issue 16, fuzzing: cases generated from the router's own registrations, so every route is reached however the
/// features change — every card action with mutated data, every invoke (name and key) with missing, wrong-typed and
/// oversized values, every command with hostile arguments, compose-box queries with hostile parameters, 1 MB bodies
/// and deep JSON nesting. Sent by the Editor (so handlers run past the role check), the Viewer and a stranger.
/// </summary>
public sealed class FuzzRouteCases(FuzzValues values, FuzzBotFixture bot)
{
    /// <summary>The keys our cards, dialogs and compose invokes carry.</summary>
    private static readonly string[] DataKeys =
    [
        "recordId", "recordType", "step", "submissionId", "kind", "body", "email", "firstname", "lastname", "jobtitle", "company",
        "dealname", "amount", "dealstage", "pipeline", "closedate", "contacts", "record", "recordText", "taskTitle", "confirm",
        "principalId", "role", "name", "subject", "dueDate", "outcome", "duration",
    ];

    private static readonly string[] ParameterNames = ["searchKeyword", "initialRun", "searchText"];

    private Random Random => values.Random;

    public IReadOnlyList<FuzzCase> Cases(int count)
    {
        var routes = bot.Host.Services.GetRequiredService<ActivityRouter>().Registrations;
        var url = bot.Simulator.ServiceUrl;
        var stranger = TeamsUser.New("Fuzz Stranger");
        var people = new[] { bot.Editor, bot.Editor, bot.Viewer, stranger };
        var cases = new List<FuzzCase>(count);
        void Add(string description, JsonNode activity)
        {
            if (activity is JsonObject o) o["id"] = $"r:{Guid.NewGuid():N}";
            cases.Add(FuzzGenerator.Case(cases.Count, description, FuzzGenerator.Serialize(activity)));
        }
        TeamsUser Who() => values.Pick(people);
        TeamsConversation Chat(TeamsUser user) => Random.Next(5) == 0 ? TeamsConversation.Channel(user.TenantId) : TeamsConversation.Personal(user);

        // Every invoke registration with a missing, wrong-typed or oversized value, and with its key field broken.
        foreach (var route in routes.Where(r => r.Kind == RouteRegistration.Invoke))
        {
            foreach (var value in new JsonNode?[] { null, JsonValue.Create("x"), JsonValue.Create(42), new JsonArray(), new JsonObject(), JsonValue.Create(new string('9', 200_000)) })
            {
                var user = Who();
                Add($"{route.Name} {route.Key}: value {Describe(value)}", Activities.Invoke(url, Chat(user), user, route.Name, value));
            }
            for (var i = 0; i < 6; i++)
            {
                var user = Who();
                Add($"{route.Name} {route.Key}: key fields wrong", Activities.Invoke(url, Chat(user), user, route.Name, InvokeValue(route, values.Any(2), MutatedData())));
            }
        }

        // Every command (each alias) with hostile arguments.
        foreach (var route in routes.Where(r => r.Kind == RouteRegistration.Command))
        {
            for (var i = 0; i < 4; i++)
            {
                var user = Who();
                var argument = Random.Next(4) switch { 0 => values.NastyString(), 1 => values.Text(Random.Next(1, 300)), 2 => new string('x', 20_000), _ => "1/../owners?x=" };
                Add($"command {route.Name} + hostile argument", Activities.Message(url, Chat(user), user, $"{route.Name} {argument}", mentionBot: Random.Next(2) == 0));
            }
        }

        // 1 MB bodies and deep nesting, on the shapes that carry data.
        foreach (var size in new[] { 600_000, 1_000_000, 1_100_000 })
        {
            var user = Who();
            Add($"{size / 1000} KB message", Activities.Message(url, Chat(user), user, new string('a', size)));
            Add($"{size / 1000} KB card data", Activities.AdaptiveCardAction(url, Chat(user), user, "contact.create", new JsonObject { ["body"] = new string('b', size) }));
        }
        foreach (var depth in new[] { 32, 63, 64, 65, 200, 1000, 3000 })
        {
            var user = Who();
            Add($"value nested {depth} deep", Activities.Invoke(url, Chat(user), user, "task/submit", new JsonObject { ["data"] = values.Deep(depth) }));
            Add($"card data nested {depth} deep", Activities.CardSubmit(url, Chat(user), user, new JsonObject { ["verb"] = "deal.update", ["recordId"] = values.Deep(depth) }));
        }

        // Then, to the count: compose-box queries with hostile parameters and every card action with mutated data.
        var compose = routes.Where(r => r.Kind == RouteRegistration.Invoke && r.Name == InvokeNames.ComposeQuery).ToList();
        var actions = routes.Where(r => r.Kind == RouteRegistration.CardSubmit || (r.Kind == RouteRegistration.Invoke && r.Key is not null)).ToList();
        while (cases.Count < count)
        {
            var user = Who();
            if (cases.Count % 4 == 0 && compose.Count > 0)
            {
                var route = values.Pick(compose);
                Add($"compose query {route.Key}: hostile parameters", Activities.Invoke(url, Chat(user), user, route.Name, HostileQuery(route.Key!)));
                continue;
            }
            var action = values.Pick(actions);
            var data = MutatedData();
            JsonObject activity = action.Kind == RouteRegistration.CardSubmit
                ? Activities.CardSubmit(url, Chat(user), user, With(data, "verb", action.Name))
                : Activities.Invoke(url, Chat(user), user, action.Name, InvokeValue(action, JsonValue.Create(action.Key), data));
            Add($"{action.Kind} {action.Name} {action.Key}: mutated data", activity);
        }
        return cases;
    }

    /// <summary>Card data with some real-looking keys set to hostile values, sometimes with real record ids.</summary>
    private JsonObject MutatedData()
    {
        var data = new JsonObject();
        for (var i = Random.Next(1, 7); i > 0; i--)
        {
            var key = values.Pick(DataKeys);
            data[key] = Random.Next(4) switch
            {
                0 => JsonValue.Create(values.NastyString()),
                1 => JsonValue.Create(Random.Next(1000, 1100).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                _ => Random.Next(10) == 0 ? JsonValue.Create(values.Text(Random.Next(1, 5_000))) : values.Any(1) is { } any && Random.Next(6) == 0 ? any : JsonValue.Create(values.Text(Random.Next(1, 40))),
            };
        }
        if (Random.Next(3) == 0) data["submissionId"] = Guid.NewGuid().ToString("N");
        return data;
    }

    /// <summary>The invoke's value with its routing key in the right place (so the route is reached) and the data around it.</summary>
    private static JsonObject InvokeValue(RouteRegistration route, JsonNode? key, JsonObject data) => route.Name switch
    {
        InvokeNames.AdaptiveCardAction => new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = key, ["data"] = data }, ["trigger"] = "manual" },
        InvokeNames.TaskFetch or InvokeNames.TaskSubmit => new JsonObject { ["data"] = With(data, "verb", key) },
        InvokeNames.ApplicationSearch => new JsonObject { ["dataset"] = key, ["queryText"] = data["body"]?.DeepClone() ?? "ada", ["queryOptions"] = new JsonObject { ["top"] = data["amount"]?.DeepClone() } },
        InvokeNames.ComposeSelectItem => new JsonObject { ["type"] = data["recordType"]?.DeepClone() ?? "contact", ["id"] = data["recordId"]?.DeepClone() },
        InvokeNames.ComposeQueryLink => new JsonObject { ["url"] = data["record"]?.DeepClone() ?? "https://app.hubspot.com/contacts/20260301/record/0-1/abc" },
        InvokeNames.SignInVerifyState => new JsonObject { ["state"] = data["body"]?.DeepClone() },
        _ => new JsonObject
        {
            ["commandId"] = key, ["commandContext"] = "message", ["data"] = data,
            ["messagePayload"] = new JsonObject { ["id"] = data["recordId"]?.DeepClone(), ["body"] = new JsonObject { ["contentType"] = "html", ["content"] = data["body"]?.DeepClone() } },
        },
    };

    private JsonObject HostileQuery(string commandId)
    {
        var parameters = new JsonArray();
        for (var i = Random.Next(0, 4); i > 0; i--)
            parameters.Add(new JsonObject
            {
                ["name"] = Random.Next(3) == 0 ? values.NastyString() : values.Pick(ParameterNames),
                ["value"] = Random.Next(3) == 0 ? values.Any(1) : JsonValue.Create(values.NastyString()),
            });
        return new JsonObject
        {
            ["commandId"] = commandId,
            ["parameters"] = Random.Next(8) == 0 ? values.Any(1) : parameters,
            ["queryOptions"] = new JsonObject { ["skip"] = values.Pick(new JsonNode?[] { -1, 0, int.MaxValue, "10", null, 1e300 })?.DeepClone(), ["count"] = values.Pick(new JsonNode?[] { -5, 0, 25, 1_000_000, "x", null })?.DeepClone() },
        };
    }

    private static JsonObject With(JsonObject data, string key, JsonNode? value)
    {
        var copy = data.DeepClone().AsObject();
        copy[key] = value?.DeepClone();
        return copy;
    }

    private static string Describe(JsonNode? value) => value switch
    {
        null => "missing",
        JsonValue v when v.TryGetValue<string>(out var s) => s.Length > 100 ? $"{s.Length}-char string" : "string",
        _ => value.GetValueKind().ToString(),
    };
}
