using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bot.Tests.Harness;
using HubSpotTeamsBot.HubSpot;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Bot.Tests.Reliability;

/// <summary>
/// A scripted, seeded workload of an Editor's actions through the real bot while the sandbox injects 429s, 5xx
/// (before and after storing a write), hangs past the bot's time limits and slow answers. The invariant, per action:
/// the user ends with a result or a clear retry message that kept their form; and HubSpot ends holding exactly one
/// record for every create the bot reported done, none for a create the bot said changed nothing, and at most one
/// for a create the bot said it could not confirm — a repeat of the same form after such a failure converges to one.
/// </summary>
public sealed class FaultWorkloadTests(FaultsFixture bot, ITestOutputHelper output) : IClassFixture<FaultsFixture>
{
    private const int Actions = 24;
    private const int MaxClicks = 5;
    private static readonly int Seed = FaultSeeds.From("RELIABILITY_FAULTS_SEED", 20261129);

    [Fact]
    public async Task Every_action_under_injected_faults_ends_in_a_result_or_a_clear_retry_and_HubSpot_holds_exactly_what_was_reported()
    {
        await bot.LinkPortalAsync();
        var crm = bot.Host.Services.GetRequiredService<HubSpotCrmClient>();
        var ada = (await crm.GetContactByEmailAsync(ChannelSimulator.BotTenantId, "ada@example.com"))!;
        var before = await CountsAsync();
        var user = new FaultUser(bot, bot.Editor);
        var random = new Random(Seed);
        var log = new List<ActionRecord>();
        var problems = new List<string>();

        await bot.Sandbox.Admin.SetFaultsAsync(new
        {
            seed = Seed, rate429 = 0.06, rate5xx = 0.06, rate5xxAfterWrite = 0.08, hangRate = 0.04, hangAfterWriteRate = 0.06,
            slowRate = 0.15, hangMs = FaultsFixture.HangMs, slowMs = 900, errorStatusCode = 503,
        });
        try
        {
            for (var i = 0; i < Actions; i++)
            {
                var pick = random.Next(100);
                var record = pick switch
                {
                    < 28 => await CreateContactAsync(user, i),
                    < 46 => await CreateDealAsync(user, i),
                    < 64 => await LogNoteAsync(user, i, Created(log, "contact") ?? (ada.Id, "Ada Lovelace")),
                    < 76 => await UpdateContactAsync(user, i, log.LastOrDefault(a => a is { Kind: "contact", Succeeded: true })?.Key ?? "grace.hopper@example.com"),
                    < 88 => await UpdateDealAsync(user, i, Created(log, "deal")?.Id),
                    _ => await SearchAsync(user, i, random.Next(2) == 0 ? "Lovelace" : "Fault"),
                };
                log.Add(record);
                // Later actions may change the same record again: an update is judged the moment it ends.
                if (record.Kind.EndsWith("update", StringComparison.Ordinal)) record.Problems.AddRange(await CheckUpdateAsync(record));
            }
        }
        finally
        {
            await bot.Sandbox.Admin.ClearFaultsAsync();
        }

        var after = await CountsAsync();
        foreach (var action in log) problems.AddRange(await CheckAsync(action));
        foreach (var type in new[] { "contacts", "deals", "notes" })
        {
            var expected = before[type] + log.Where(a => a.StoredType == type).Sum(a => a.StoredCount);
            if (after[type] != expected) problems.Add($"{type}: HubSpot holds {after[type]}, the actions account for {expected} (records nobody reported, or reported and missing)");
        }

        var clicks = log.Sum(a => a.Answers.Count);
        var refused = log.Sum(a => a.Answers.Count(x => x.AsksToRetry || x.Kind == FaultAnswerKind.Refused));
        var lost = problems.Count;
        var detail = string.Create(CultureInfo.InvariantCulture,
            $"actions {log.Count}, done {log.Count(a => a.Succeeded)}, gave up {log.Count(a => !a.Succeeded)}, unconfirmed {log.Sum(a => a.Answers.Count(x => x.Kind == FaultAnswerKind.Unconfirmed))}, late {log.Sum(a => a.Answers.Count(x => x.Late))}, seed {Seed}");
        var line = ReliabilitySummary.Record("faults: workload", clicks, refused, lost, detail);
        output.WriteLine(line);
        foreach (var action in log) output.WriteLine(action.ToString());
        Assert.True(problems.Count == 0, $"seed {Seed} (rerun with RELIABILITY_FAULTS_SEED={Seed}):\n" + string.Join("\n", problems));
    }

    private static async Task<ActionRecord> CreateContactAsync(FaultUser user, int i)
    {
        var email = $"fault-{Seed}-{i}@example.com";
        var form = new JsonObject
        {
            ["verb"] = "contact.create", ["submissionId"] = Guid.NewGuid().ToString("N"),
            ["firstname"] = "Fault", ["lastname"] = $"Case {i}", ["email"] = email, ["jobtitle"] = "Tester",
        };
        var record = new ActionRecord(i, "contact", email) { StoredType = "contacts" };
        await ClickUntilDoneAsync(record, email, () => user.ExecuteAsync(Chat(user), form));
        return record;
    }

    private static async Task<ActionRecord> CreateDealAsync(FaultUser user, int i)
    {
        var name = $"Fault deal {Seed}-{i}";
        var form = new JsonObject
        {
            ["verb"] = "deal.create", ["submissionId"] = Guid.NewGuid().ToString("N"),
            ["dealname"] = name, ["stage"] = "default|qualifiedtobuy", ["amount"] = "1000",
        };
        var record = new ActionRecord(i, "deal", name) { StoredType = "deals" };
        // Deals go through the dialog host (task/submit), the others inline (adaptiveCard/action).
        await ClickUntilDoneAsync(record, name, () => user.DialogSubmitAsync(Chat(user), form));
        return record;
    }

    private static async Task<ActionRecord> LogNoteAsync(FaultUser user, int i, (string Id, string Label) contact)
    {
        var text = $"Fault note {Seed} #{i}#";
        var form = new JsonObject
        {
            ["verb"] = "activity.log", ["submissionId"] = Guid.NewGuid().ToString("N"), ["recordType"] = "contacts",
            ["recordId"] = contact.Id, ["recordLabel"] = contact.Label, ["kind"] = "note", ["body"] = text,
        };
        var record = new ActionRecord(i, "note", text) { StoredType = "notes" };
        await ClickUntilDoneAsync(record, text, () => user.ExecuteAsync(Chat(user), form));
        return record;
    }

    private async Task<ActionRecord> UpdateContactAsync(FaultUser user, int i, string email)
    {
        var title = $"Fault title {Seed}-{i}";
        var record = new ActionRecord(i, "contact update", email) { NewValue = title };
        record.OldValue = Property(await FindAsync("contacts", "email", email), "jobtitle");
        var chat = Chat(user);
        var form = await OpenFormAsync(record, () => user.SayAsync(chat, $"edit contact {email}"));
        if (form is null) return record;
        var click = Click(form, ("jobtitle", title));
        await ClickUntilDoneAsync(record, title, () => user.ExecuteAsync(chat, click));
        return record;
    }

    private async Task<ActionRecord> UpdateDealAsync(FaultUser user, int i, string? dealId)
    {
        dealId ??= Id((await bot.Sandbox.Admin.GetObjectsAsync(SandboxHost.DemoPortalId, "deals")).EnumerateArray().First());
        var amount = (5000 + i).ToString(CultureInfo.InvariantCulture);
        var record = new ActionRecord(i, "deal update", dealId) { NewValue = amount };
        record.OldValue = Property(await FindAsync("deals", "hs_object_id", dealId), "amount");
        var chat = Chat(user);
        var form = await OpenFormAsync(record, () => user.SayAsync(chat, $"update deal {dealId}"));
        if (form is null) return record;
        var click = Click(form, ("amount", amount));
        await ClickUntilDoneAsync(record, amount, () => user.ExecuteAsync(chat, click));
        return record;
    }

    private static async Task<ActionRecord> SearchAsync(FaultUser user, int i, string keyword)
    {
        var record = new ActionRecord(i, "search", keyword);
        var chat = Chat(user);
        for (var click = 0; click < MaxClicks; click++)
        {
            var answer = await user.SearchAsync(chat, keyword);
            record.Answers.Add(answer);
            if (!answer.AsksToRetry) break;
        }
        record.Succeeded = record.Answers[^1].Kind == FaultAnswerKind.Success;
        return record;
    }

    /// <summary>Sends a command that answers with a form, again while the bot says to retry.</summary>
    private static async Task<JsonObject?> OpenFormAsync(ActionRecord record, Func<Task<FaultAnswer>> command)
    {
        for (var click = 0; click < MaxClicks; click++)
        {
            var answer = await command();
            record.Answers.Add(answer);
            if (answer is { Kind: FaultAnswerKind.Success, Card: { } card }) return card;
            if (!answer.AsksToRetry) break;
        }
        return null;
    }

    /// <summary>Clicks the same form again (same submission) while the bot asks to retry, as a person would.</summary>
    private static async Task ClickUntilDoneAsync(ActionRecord record, string typed, Func<Task<FaultAnswer>> click)
    {
        for (var attempt = 0; attempt < MaxClicks; attempt++)
        {
            var answer = await click();
            record.Answers.Add(answer);
            if (answer is { AsksToRetry: true, Card: { } form } && !FaultUser.Texts(form).Contains(typed, StringComparison.Ordinal))
                record.Problems.Add($"the re-shown form lost the typed value “{typed}”");
            if (!answer.AsksToRetry) break;
        }
        record.Succeeded = record.Answers[^1].Kind == FaultAnswerKind.Success;
    }

    private async Task<IEnumerable<string>> CheckAsync(ActionRecord action)
    {
        var problems = new List<string>(action.Problems.Select(p => $"{action}: {p}"));
        problems.AddRange(action.Answers.Where(a => a.Kind == FaultAnswerKind.Unclear).Select(a => $"{action}: unclear answer {a}"));
        var unconfirmed = action.Answers.Any(a => a.Kind == FaultAnswerKind.Unconfirmed);
        switch (action.Kind)
        {
            case "contact" or "deal" or "note":
                var stored = action.Kind switch
                {
                    "contact" => (await FindAllAsync("contacts", "email", action.Key)).Count,
                    "deal" => (await FindAllAsync("deals", "dealname", action.Key)).Count,
                    _ => (await AllAsync("notes")).Count(n => (Property(n, "hs_note_body") ?? "").Contains(action.Key, StringComparison.Ordinal)),
                };
                action.StoredCount = stored;
                if (action.Succeeded && stored != 1) problems.Add($"{action}: reported created, HubSpot holds {stored}");
                if (!action.Succeeded && !unconfirmed && stored != 0) problems.Add($"{action}: told “nothing was changed”, HubSpot holds {stored}");
                if (!action.Succeeded && unconfirmed && stored > 1) problems.Add($"{action}: unconfirmed, HubSpot holds {stored}");
                if (action.Succeeded) action.Id = action.Kind == "contact" ? Id((await FindAllAsync("contacts", "email", action.Key))[0]) : null;
                break;
        }
        return problems;
    }

    private async Task<IEnumerable<string>> CheckUpdateAsync(ActionRecord action)
    {
        var current = action.Kind == "contact update"
            ? Property(await FindAsync("contacts", "email", action.Key), "jobtitle")
            : Property(await FindAsync("deals", "hs_object_id", action.Key), "amount");
        var unconfirmed = action.Answers.Any(a => a.Kind == FaultAnswerKind.Unconfirmed);
        if (action.Succeeded && current != action.NewValue) return [$"reported saved, HubSpot has “{current}”"];
        if (!action.Succeeded && !unconfirmed && current != action.OldValue) return [$"told “nothing was changed”, HubSpot has “{current}”"];
        return [];
    }

    private static (string Id, string Label)? Created(List<ActionRecord> log, string kind) =>
        log.LastOrDefault(a => a.Kind == kind && a.Succeeded && a.Id is not null) is { } found ? (found.Id!, found.Key) : null;

    private static TeamsConversation Chat(FaultUser user) => TeamsConversation.Personal(user.User);

    /// <summary>What the form's main button sends: its data, the inputs' current values, then the user's edits.</summary>
    private static JsonObject Click(JsonObject form, params (string Id, string Value)[] edits)
    {
        var data = form["actions"]![0]!["data"]!.DeepClone().AsObject();
        data.Remove("msteams");
        foreach (var input in Elements(form["body"]).Where(e => e["type"]?.GetValue<string>().StartsWith("Input.", StringComparison.Ordinal) == true))
            if (input["value"] is JsonValue v && input["id"] is JsonValue id) data[id.GetValue<string>()] = v.GetValue<string>();
        foreach (var (id, value) in edits) data[id] = value;
        return data;
    }

    private static IEnumerable<JsonObject> Elements(JsonNode? node) => node switch
    {
        JsonObject o => (o["type"] is not null ? [o] : Array.Empty<JsonObject>()).Concat(o.SelectMany(p => Elements(p.Value))),
        JsonArray a => a.SelectMany(Elements),
        _ => [],
    };

    private async Task<Dictionary<string, int>> CountsAsync()
    {
        var counts = new Dictionary<string, int>();
        foreach (var type in new[] { "contacts", "deals", "notes" }) counts[type] = (await AllAsync(type)).Count;
        return counts;
    }

    private async Task<List<JsonElement>> AllAsync(string type) =>
        (await bot.Sandbox.Admin.GetObjectsAsync(SandboxHost.DemoPortalId, type)).EnumerateArray().ToList();

    private async Task<List<JsonElement>> FindAllAsync(string type, string property, string value) =>
        (await AllAsync(type)).Where(o => property == "hs_object_id" ? Id(o) == value : string.Equals(Property(o, property), value, StringComparison.OrdinalIgnoreCase)).ToList();

    private async Task<JsonElement?> FindAsync(string type, string property, string value) =>
        (await FindAllAsync(type, property, value)) is [var first, ..] ? first : null;

    private static string Id(JsonElement record) => record.GetProperty("id").GetString()!;

    private static string? Property(JsonElement? record, string name) =>
        record is { } r && r.GetProperty("properties").TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>One user action and everything the bot answered to it, click by click.</summary>
    private sealed class ActionRecord(int index, string kind, string key)
    {
        public string Kind => kind;
        public string Key => key;
        public string? StoredType { get; init; }
        public int StoredCount { get; set; }
        public string? Id { get; set; }
        public string? OldValue { get; set; }
        public string? NewValue { get; init; }
        public bool Succeeded { get; set; }
        public List<FaultAnswer> Answers { get; } = [];
        public List<string> Problems { get; } = [];

        public override string ToString()
        {
            var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"#{index} {kind} “{key}”: ");
            text.AppendJoin(" → ", Answers.Select(a => a.ToString()));
            return text.ToString();
        }
    }
}
