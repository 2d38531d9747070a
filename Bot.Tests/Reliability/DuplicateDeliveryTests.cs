using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bot.Tests.Harness;
using HubSpotTeamsBot.Forms;
using HubSpotTeamsBot.HubSpot;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Bot.Tests.Reliability;

/// <summary>
/// Teams redelivers activities (same id) and people double-click (same form submission, new activity ids), one
/// after the other or at the same moment. For every record kind and every way a form reaches the bot, HubSpot must
/// end with exactly one record, and every delivery must be answered with that record's result — or, while the first
/// delivery is still saving, with "still saving your first click" — never an error and never a second record.
/// </summary>
public sealed class DuplicateDeliveryTests(DuplicateDeliveryFixture bot, ITestOutputHelper output) : IClassFixture<DuplicateDeliveryFixture>
{
    public enum Kind { Contact, Deal, Note }

    public enum Host { Inline, Dialog, ChatSubmit }

    public enum Delivery { SameActivityTwice, SameActivityAtOnce, DoubleClick, DoubleClickAtOnce }

    [Fact]
    public async Task Every_record_kind_delivered_twice_on_every_host_is_created_once_and_both_deliveries_get_its_result()
    {
        await bot.LinkPortalAsync();
        var crm = bot.Host.Services.GetRequiredService<HubSpotCrmClient>();
        var ada = (await crm.GetContactByEmailAsync(ChannelSimulator.BotTenantId, "ada@example.com"))!;
        var cases = (from kind in Enum.GetValues<Kind>() from host in Enum.GetValues<Host>() from delivery in Enum.GetValues<Delivery>() select (kind, host, delivery)).ToList();
        var outcomes = new List<CaseOutcome>();
        // A few cases at a time: enough overlap to be realistic, bounded load on a small machine.
        foreach (var batch in cases.Chunk(4))
            outcomes.AddRange(await Task.WhenAll(batch.Select(c => RunAsync(c.kind, c.host, c.delivery, ada.Id))));

        var failures = outcomes.Where(o => o.Problem is not null).ToList();
        var line = ReliabilitySummary.Record("faults: duplicate delivery", outcomes.Sum(o => o.Deliveries), outcomes.Sum(o => o.StillSaving), failures.Count,
            $"cases {outcomes.Count} (3 kinds × 3 hosts × 4 deliveries), records {outcomes.Sum(o => o.Records)}");
        output.WriteLine(line);
        foreach (var o in outcomes) output.WriteLine(o.ToString());
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private async Task<CaseOutcome> RunAsync(Kind kind, Host host, Delivery delivery, string adaId)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var chat = TeamsConversation.Personal(bot.Editor);
        var token = Guid.NewGuid().ToString("N")[..10];
        var data = FormData(kind, token, adaId);
        var first = Activity(host, chat, data);
        var second = delivery is Delivery.SameActivityTwice or Delivery.SameActivityAtOnce ? first.DeepClone().AsObject() : Activity(host, chat, data);
        var before = bot.Teams.Connector.Calls.Count;

        var answers = delivery is Delivery.SameActivityAtOnce or Delivery.DoubleClickAtOnce
            ? await Task.WhenAll(SendAsync(host, first), SendAsync(host, second))
            : [await SendAsync(host, first), await SendAsync(host, second)];
        // Chat submits are answered through the connector; dialogs post the result card there too.
        var posted = await PostedAsync(chat, before, host switch { Host.ChatSubmit => 2, Host.Dialog => answers.Count(a => a.Done), _ => 0 });
        if (host == Host.ChatSubmit) answers = posted.Select(p => Read(p.VisibleText, p.Card ?? p.Body)).ToArray();

        var stored = await StoredAsync(kind, token);
        var name = $"{kind} {host} {delivery}";
        string? problem = null;
        if (stored.Count != 1) problem = $"{name}: HubSpot holds {stored.Count} records";
        else if (answers.Any(a => !a.Done && !a.StillSaving)) problem = $"{name}: answered {string.Join(" / ", answers.Select(a => a.Text))}";
        else if (!answers.Any(a => a.Done)) problem = $"{name}: no delivery was answered with the result";
        else if (ResultCards(answers, posted).FirstOrDefault(card => !Markers(kind, stored[0]).Any(m => card.Contains(m, StringComparison.Ordinal))) is { } other)
            problem = $"{name}: a result card does not show record {stored[0]}: {other[..Math.Min(200, other.Length)]}";
        return new CaseOutcome(name, 2, answers.Count(a => a.StillSaving), stored.Count, problem) { Elapsed = watch.Elapsed };
    }

    private static JsonObject FormData(Kind kind, string token, string adaId)
    {
        var data = kind switch
        {
            Kind.Contact => new JsonObject { ["verb"] = "contact.create", ["firstname"] = "Twice", ["lastname"] = token, ["email"] = $"twice-{token}@example.com" },
            Kind.Deal => new JsonObject { ["verb"] = "deal.create", ["dealname"] = $"Twice {token}", ["stage"] = "default|qualifiedtobuy" },
            _ => new JsonObject
            {
                ["verb"] = "activity.log", ["recordType"] = "contacts", ["recordId"] = adaId, ["recordLabel"] = "Ada Lovelace", ["kind"] = "note", ["body"] = $"Twice {token}",
            },
        };
        data[FormKeys.SubmissionId] = Guid.NewGuid().ToString("N");
        return data;
    }

    private JsonObject Activity(Host host, TeamsConversation chat, JsonObject data)
    {
        var verb = data["verb"]!.GetValue<string>();
        return host switch
        {
            Host.Inline => Activities.AdaptiveCardAction(bot.Teams.ServiceUrl, chat, bot.Editor, verb, data),
            Host.Dialog => Activities.TaskSubmit(bot.Teams.ServiceUrl, chat, bot.Editor, verb, data),
            _ => Activities.CardSubmit(bot.Teams.ServiceUrl, chat, bot.Editor, data.DeepClone().AsObject()),
        };
    }

    private async Task<Answer> SendAsync(Host host, JsonObject activity)
    {
        if (host == Host.ChatSubmit)
        {
            using var response = await bot.Teams.PostAsync(activity);
            return new Answer(response.StatusCode == HttpStatusCode.Accepted, false, $"HTTP {(int)response.StatusCode}", null);
        }

        var (status, body) = await bot.Teams.InvokeAsync(activity);
        if (status != HttpStatusCode.OK) return new Answer(false, false, $"HTTP {(int)status}", null);
        if (host == Host.Inline)
        {
            return body?["type"]?.GetValue<string>() == "application/vnd.microsoft.card.adaptive"
                ? Read(FaultUser.Texts(body["value"]), body["value"])
                : Read(body?["value"]?.GetValue<string>() ?? body?.ToJsonString() ?? "(no body)", null);
        }
        var task = body?["task"];
        return task?["type"]?.GetValue<string>() == "message"
            ? Read(task["value"]!.GetValue<string>(), null)
            : Read(FaultUser.Texts(task), task);
    }

    private static Answer Read(string text, JsonNode? card)
    {
        var seen = FaultAnswer.Classify(text, null, false);
        return new Answer(seen.Kind == FaultAnswerKind.Success, text.Contains(FormWriter.StillSaving, StringComparison.Ordinal), text, card);
    }

    private async Task<List<ConnectorCall>> PostedAsync(TeamsConversation chat, int before, int expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var posted = bot.Teams.Connector.Calls.Skip(before)
                .Where(c => c.Path.Contains(Uri.EscapeDataString(chat.Id), StringComparison.Ordinal) && c.Body?["type"]?.GetValue<string>() == "message").ToList();
            if (posted.Count >= expected || DateTime.UtcNow > deadline) return posted;
            await Task.Delay(25);
        }
    }

    private static IEnumerable<string> ResultCards(IEnumerable<Answer> answers, IEnumerable<ConnectorCall> posted) =>
        answers.Where(a => a is { Done: true, Card: not null }).Select(a => a.Card!.ToJsonString())
            .Concat(posted.Where(p => p.Card is not null && FaultAnswer.Classify(p.VisibleText, null, false).Kind == FaultAnswerKind.Success).Select(p => p.Card!.ToJsonString()))
            .Where(card => !card.Contains("\"Input.", StringComparison.Ordinal));

    /// <summary>How a result card names its record: the Open in HubSpot link, or the id in its text.</summary>
    private static string[] Markers(Kind kind, string id) => kind switch
    {
        Kind.Contact => [$"/record/0-1/{id}"],
        Kind.Deal => [$"/record/0-3/{id}", $"(deal {id})"],
        _ => [$"note {id}"],
    };

    private async Task<List<string>> StoredAsync(Kind kind, string token)
    {
        var (type, property) = kind switch
        {
            Kind.Contact => ("contacts", "lastname"),
            Kind.Deal => ("deals", "dealname"),
            _ => ("notes", "hs_note_body"),
        };
        var all = await bot.Sandbox.Admin.GetObjectsAsync(SandboxHost.DemoPortalId, type);
        return all.EnumerateArray()
            .Where(r => r.GetProperty("properties").TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String && v.GetString()!.Contains(token, StringComparison.Ordinal))
            .Select(r => r.GetProperty("id").GetString()!).ToList();
    }

    private sealed record Answer(bool Done, bool StillSaving, string Text, JsonNode? Card);

    private sealed record CaseOutcome(string Name, int Deliveries, int StillSaving, int Records, string? Problem)
    {
        public TimeSpan Elapsed { get; init; }

        public override string ToString() => (Problem ?? $"{Name}: 1 record, {StillSaving} “still saving” answer(s)") + $" ({Elapsed.TotalMilliseconds:0} ms)";
    }
}
