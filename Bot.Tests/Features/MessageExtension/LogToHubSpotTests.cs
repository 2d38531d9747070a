using System.Text.Json;
using System.Text.Json.Nodes;
using Bot.Tests.Harness;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Identity;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.DependencyInjection;
using HubSpotTeamsBot.BotFramework.Routing;

namespace Bot.Tests.Features.MessageExtension;

/// <summary>The logToHubSpot action command: fetchTask dialog, submitAction creating a note/task, roles, idempotency.</summary>
public sealed class LogToHubSpotTests(CrmBotFixture bot) : IClassFixture<CrmBotFixture>, IAsyncLifetime
{
    private const long Portal = SandboxHost.DemoPortalId;

    public async Task InitializeAsync()
    {
        await bot.LinkPortalAsync();
        await bot.GrantAsync(bot.Viewer, AppRole.Viewer);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static JsonObject Payload(string id, string html = "<p>Ada asked for the <b>pricing</b> sheet &amp; a demo.</p><p>Next week works.</p>") => new()
    {
        ["id"] = id,
        ["createdDateTime"] = "2026-11-20T09:30:00.000Z",
        ["from"] = new JsonObject { ["user"] = new JsonObject { ["id"] = "29:someone", ["displayName"] = "Adele Vance" } },
        ["body"] = new JsonObject { ["contentType"] = "html", ["content"] = html },
        ["linkToMessage"] = $"https://teams.microsoft.com/l/message/19:abc@thread.v2/{id}",
    };

    private static JsonObject Fetch(JsonObject payload) => new()
    {
        ["commandId"] = "logToHubSpot", ["commandContext"] = "message", ["context"] = new JsonObject { ["theme"] = "default" }, ["messagePayload"] = payload,
    };

    private static JsonObject Submit(JsonObject payload, JsonObject data) => new()
    {
        ["commandId"] = "logToHubSpot", ["commandContext"] = "message", ["messagePayload"] = payload, ["data"] = data,
    };

    private async Task<string> AdaIdAsync() =>
        (await bot.Host.Services.GetRequiredService<HubSpotCrmClient>().GetContactByEmailAsync(ChannelSimulator.BotTenantId, "ada@example.com"))!.Id;

    private async Task<List<JsonElement>> NotesMentioning(string marker) =>
        (await bot.Sandbox.Admin.GetObjectsAsync(Portal, "notes")).EnumerateArray()
            .Where(n => n.GetProperty("properties").TryGetProperty("hs_note_body", out var b) && (b.GetString() ?? "").Contains(marker, StringComparison.Ordinal))
            .ToList();

    [Fact]
    public async Task Fetch_opens_a_dialog_showing_the_message_with_record_picker_and_note_or_task()
    {
        var card = ComposeShapes.AssertDialog(await ComposeInvokes.InvokeAsync(bot, bot.Editor, "composeExtension/fetchTask", Fetch(Payload("1700000000001"))));

        var texts = card["body"]!.AsArray().Where(e => (string?)e!["type"] == "TextBlock").Select(e => (string?)e!["text"]).ToList();
        Assert.Contains(texts, t => t!.Contains("Adele Vance", StringComparison.Ordinal));
        // The excerpt is shown literally on one line (card markdown would otherwise read it).
        Assert.Contains("Ada asked for the pricing sheet & a demo. Next week works.", texts);
        var inputs = card["body"]!.AsArray().Select(e => (string?)e!["id"]).Where(i => i is not null).ToList();
        Assert.Equal(["record", "recordText", "kind", "taskTitle"], inputs);
        var typeahead = card["body"]!.AsArray().Single(e => (string?)e!["id"] == "record")!;
        Assert.Equal("Data.Query", (string?)typeahead["choices.data"]!["type"]);
        Assert.Equal("logToHubSpot", (string?)card["actions"]![0]!["data"]!["verb"]);
    }

    [Fact]
    public async Task Someone_without_the_editor_role_cannot_log_and_is_told_which_role_is_needed()
    {
        var text = ComposeShapes.AssertDialogMessage(await ComposeInvokes.InvokeAsync(bot, bot.Viewer, "composeExtension/fetchTask", Fetch(Payload("1700000000002")), ComposeInvokes.WithoutIdentity));

        Assert.Contains("You need the Editor role", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Someone_without_the_editor_role_submitting_a_crafted_action_creates_nothing()
    {
        var marker = Guid.NewGuid().ToString("N");
        var body = await ComposeInvokes.InvokeAsync(bot, bot.Viewer, "composeExtension/submitAction",
            Submit(Payload("1700000000003", $"<p>{marker}</p>"), new JsonObject { ["record"] = $"contact:{await AdaIdAsync()}", ["kind"] = "note" }), ComposeInvokes.WithoutIdentity);

        Assert.Contains("You need the Editor role", ComposeShapes.AssertDialogMessage(body), StringComparison.Ordinal);
        Assert.Empty(await NotesMentioning(marker));
    }

    [Fact]
    public async Task Submitting_creates_a_note_on_the_contact_with_text_author_time_and_link_once_even_if_submitted_twice()
    {
        var marker = Guid.NewGuid().ToString("N");
        var messageId = $"17{Random.Shared.NextInt64(100000000000, 999999999999)}";
        var payload = Payload(messageId, $"<p>Call notes {marker}:<br>budget &lt; 10k</p>");
        var adaId = await AdaIdAsync();
        var submit = Submit(payload, new JsonObject { ["recordText"] = "ada@example.com", ["kind"] = "note" });

        var first = Confirmation(await ComposeInvokes.InvokeAsync(bot, bot.Editor, "composeExtension/submitAction", submit));
        var second = Confirmation(await ComposeInvokes.InvokeAsync(bot, bot.Editor, "composeExtension/submitAction", submit.DeepClone()));

        var note = Assert.Single(await NotesMentioning(marker));
        var noteBody = note.GetProperty("properties").GetProperty("hs_note_body").GetString()!;
        // HubSpot shows the body as HTML: the message's text arrives encoded, its line break kept.
        Assert.Contains($"<p>Call notes {marker}:<br>budget &lt; 10k</p>", noteBody, StringComparison.Ordinal);
        var shown = System.Net.WebUtility.HtmlDecode(noteBody);
        Assert.Contains("Adele Vance wrote in Teams on 20 Nov 2026 09:30 UTC", shown, StringComparison.Ordinal);
        Assert.Contains($"Logged from Teams by Alex Wilber · https://teams.microsoft.com/l/message/19:abc@thread.v2/{messageId}", shown, StringComparison.Ordinal);
        var associated = bot.Host.Services.GetRequiredService<HubSpotCrmClient>();
        var read = await associated.GetAsync(ChannelSimulator.BotTenantId, CrmObjectType.Notes, note.GetProperty("id").GetString()!, associations: [CrmObjectType.Contacts]);
        Assert.Contains(read.Associations!["contacts"].Results, r => r.Id == adaId);
        // Which Ada, as a real link to her record in the portal.
        Assert.StartsWith($"Logged: this message is now a note on the contact [Ada Lovelace · ada@example.com](https://app.hubspot.com/contacts/{Portal}/record/0-1/{adaId}) in HubSpot", first, StringComparison.Ordinal);
        Assert.StartsWith("Already logged", second, StringComparison.Ordinal);

        var audit = await bot.Host.Services.GetRequiredService<AuditLog>().ReadPageAsync(ChannelSimulator.BotTenantId, 50);
        Assert.Single(audit.Entries, e => e.Action == "note.create" && e.Outcome == "Succeeded" && e.ObjectId == note.GetProperty("id").GetString()
            && e.ActorAadObjectId == bot.Editor.AadObjectId && e.Detail!.Contains(messageId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Submitting_a_task_on_a_deal_picked_from_the_list_creates_an_open_task()
    {
        var marker = Guid.NewGuid().ToString("N");
        var deal = (await bot.Host.Services.GetRequiredService<HubSpotCrmClient>().SearchAsync(ChannelSimulator.BotTenantId, CrmObjectType.Deals,
            new CrmSearchRequest { Query = "Difference Engine", Limit = 1 })).Results.Single();

        var text = Confirmation(await ComposeInvokes.InvokeAsync(bot, bot.Editor, "composeExtension/submitAction",
            Submit(Payload($"18{Random.Shared.NextInt64(100000000000, 999999999999)}", $"<p>Send the contract {marker}</p>"),
                new JsonObject { ["record"] = $"deal:{deal.Id}", ["kind"] = "task", ["taskTitle"] = "Send contract" })));

        var task = Assert.Single((await bot.Sandbox.Admin.GetObjectsAsync(Portal, "tasks")).EnumerateArray(),
            t => t.GetProperty("properties").TryGetProperty("hs_task_body", out var b) && (b.GetString() ?? "").Contains(marker, StringComparison.Ordinal));
        Assert.Equal("Send contract", task.GetProperty("properties").GetProperty("hs_task_subject").GetString());
        Assert.Equal("NOT_STARTED", task.GetProperty("properties").GetProperty("hs_task_status").GetString());
        Assert.Contains("a task on the deal [Analytical Engines - Difference Engine No. 2 · ", text, StringComparison.Ordinal);
        Assert.Contains($"](https://app.hubspot.com/contacts/{Portal}/record/0-3/{deal.Id})", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Typed_text_that_matches_several_records_reopens_the_dialog_with_a_choice()
    {
        var card = ComposeShapes.AssertDialog(await ComposeInvokes.InvokeAsync(bot, bot.Editor, "composeExtension/submitAction",
            Submit(Payload("1700000000005"), new JsonObject { ["recordText"] = "analytical", ["kind"] = "note" })));

        var choice = card["body"]!.AsArray().Single(e => (string?)e!["id"] == "record")!;
        var titles = choice["choices"]!.AsArray().Select(c => (string?)c!["title"]).ToList();
        // Records that share a name differ by email (contacts) or amount and stage (deals).
        Assert.Contains("Ada Lovelace · ada@example.com (contact)", titles);
        Assert.Contains(titles, t => t!.StartsWith("Analytical Engines - Difference Engine No. 2 · £", StringComparison.Ordinal) && t.EndsWith(" (deal)", StringComparison.Ordinal));
        Assert.Contains("Several records match", card.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("analytical", (string?)card["body"]!.AsArray().Single(e => (string?)e!["id"] == "recordText")!["value"]);
    }

    [Fact]
    public async Task A_message_over_HubSpots_note_limit_is_never_cut_unasked_the_dialog_says_so_and_logs_the_part_that_fits_when_chosen()
    {
        var marker = Guid.NewGuid().ToString("N");
        var id = $"19{Random.Shared.NextInt64(100000000000, 999999999999)}";
        var payload = Payload(id, $"<p>{marker} {new string('x', 70_000)}</p>");

        var opened = ComposeShapes.AssertDialog(await ComposeInvokes.InvokeAsync(bot, bot.Editor, "composeExtension/fetchTask", Fetch((JsonObject)payload.DeepClone())));
        Assert.Contains("This message has 70,033 characters; HubSpot keeps 65,536", opened.ToJsonString(), StringComparison.Ordinal);
        var toggle = opened["body"]!.AsArray().Single(e => (string?)e!["id"] == "shorten")!;
        Assert.Equal("false", (string?)toggle["value"]);

        var refused = ComposeShapes.AssertDialog(await ComposeInvokes.InvokeAsync(bot, bot.Editor, "composeExtension/submitAction",
            Submit((JsonObject)payload.DeepClone(), new JsonObject { ["recordText"] = "ada@example.com", ["kind"] = "note", ["shorten"] = "false" })));
        Assert.Contains("Nothing was logged", refused.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(await NotesMentioning(marker));

        var logged = Confirmation(await ComposeInvokes.InvokeAsync(bot, bot.Editor, "composeExtension/submitAction",
            Submit((JsonObject)payload.DeepClone(), new JsonObject { ["recordText"] = "ada@example.com", ["kind"] = "note", ["shorten"] = "true" })));
        Assert.StartsWith("Logged:", logged, StringComparison.Ordinal);
        var body = Assert.Single(await NotesMentioning(marker)).GetProperty("properties").GetProperty("hs_note_body").GetString()!;
        Assert.InRange(body.Length, 65_000, HubSpotLimits.MaxStringLength);
        Assert.Contains("more characters not logged (HubSpot&#39;s limit for a note); the whole message is in Teams.", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_that_fits_has_no_shorten_choice()
    {
        var card = ComposeShapes.AssertDialog(await ComposeInvokes.InvokeAsync(bot, bot.Editor, "composeExtension/fetchTask",
            Fetch(Payload("1700000000009", $"<p>{new string('y', 60_500)}</p>"))));
        Assert.DoesNotContain(card["body"]!.AsArray(), e => (string?)e!["id"] == "shorten");
    }

    /// <summary>The confirmation dialog's sentence (a card, so the record is a link).</summary>
    private static string Confirmation(JsonNode? body) =>
        (string)ComposeShapes.AssertDialog(body)["body"]!.AsArray().Single(e => (string?)e!["type"] == "TextBlock")!["text"]!;

    [Fact]
    public async Task Typed_text_that_matches_nothing_reopens_the_dialog_saying_so()
    {
        var card = ComposeShapes.AssertDialog(await ComposeInvokes.InvokeAsync(bot, bot.Editor, "composeExtension/submitAction",
            Submit(Payload("1700000000006"), new JsonObject { ["recordText"] = "nobody@nowhere.example", ["kind"] = "note" })));

        Assert.Contains("Nothing in HubSpot matches \\u0022nobody@nowhere.example\\u0022", card.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_record_picker_typeahead_answers_contacts_and_deals()
    {
        var body = await ComposeInvokes.InvokeAsync(bot, bot.Editor, "application/search",
            new JsonObject { ["queryText"] = "analytical", ["dataset"] = "hubspotRecords", ["queryOptions"] = new JsonObject { ["skip"] = 0, ["top"] = 15 } });

        Assert.Equal(200, (int?)body!["statusCode"]);
        Assert.Equal("application/vnd.microsoft.search.searchResponse", (string?)body["type"]);
        var values = body["value"]!["results"]!.AsArray().Select(r => (string?)r!["value"]).ToList();
        Assert.Contains($"contact:{await AdaIdAsync()}", values);
        Assert.Contains(values, v => v!.StartsWith("deal:", StringComparison.Ordinal));
    }
}
