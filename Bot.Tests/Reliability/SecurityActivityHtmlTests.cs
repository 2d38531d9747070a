using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Bot.Tests.Features.Deals;
using Bot.Tests.Features.MessageExtension;
using Bot.Tests.Harness;
using HubSpotTeamsBot.Features.Engagements;
using Xunit.Abstractions;

namespace Bot.Tests.Reliability;

/// <summary>
/// Issue 16, L3: HTML smuggled into HubSpot activity bodies. HubSpot shows note, task, call and meeting bodies as HTML;
/// a Teams message carrying <c>&amp;lt;img onerror=…&amp;gt;</c> (entities, decoded when the bot reads the message) or
/// a form field with raw tags must arrive in HubSpot as visible text. Each attack goes through the real bot into the
/// sandbox; the stored body may hold only the bot's own tags (p, br, em) and must read back as exactly what was written.
/// </summary>
public sealed partial class SecurityActivityHtmlTests(CrmBotFixture bot, ITestOutputHelper output) : IClassFixture<CrmBotFixture>, IAsyncLifetime
{
    private static readonly string[] OurTags = ["p", "br", "em"];

    /// <summary>Text as a person would see it in Teams; the message variant sends it HTML-encoded, as Teams does.</summary>
    private static readonly string[] Attacks =
    [
        "<img src=x onerror=alert(1)>",
        "<a href=\"https://evil.example/reset\">Reset your password</a>",
        "<script>alert(document.cookie)</script>",
        "&lt;b&gt;already encoded&lt;/b&gt; &amp;amp;",
        "<iframe src=\"https://evil.example\"></iframe><style>body{display:none}</style>",
    ];

    public Task InitializeAsync() => bot.LinkPortalAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Html_in_messages_and_forms_arrives_in_HubSpot_activity_bodies_as_text()
    {
        var tally = new SecurityTally("security: L3 HTML in activity bodies", output);
        var flow = await CrmFlow.StartAsync(bot, bot.Editor);
        var ada = (await flow.Crm.GetContactByEmailAsync(CrmFlow.TenantId, "ada@example.com"))!;
        foreach (var attack in Attacks)
        {
            // A Teams message: its HTML body carries the attack encoded, so reading it as text decodes the entities.
            foreach (var kind in new[] { "note", "task" })
            {
                var (messageMarker, messageText) = Marked(attack);
                var payload = new JsonObject
                {
                    ["id"] = $"17{Random.Shared.NextInt64(100000000000, 999999999999)}",
                    ["from"] = new JsonObject { ["user"] = new JsonObject { ["id"] = "29:x", ["displayName"] = $"Mallory {attack}" } },
                    ["body"] = new JsonObject { ["contentType"] = "html", ["content"] = $"<p>{WebUtility.HtmlEncode(messageText)}</p>" },
                };
                await ComposeInvokes.InvokeAsync(bot, bot.Editor, "composeExtension/submitAction", new JsonObject
                {
                    ["commandId"] = "logToHubSpot", ["commandContext"] = "message", ["messagePayload"] = payload,
                    ["data"] = new JsonObject { ["record"] = $"contact:{ada.Id}", ["kind"] = kind, ["taskTitle"] = "Follow up" },
                });
                var type = kind == "note" ? "notes" : "tasks";
                var property = kind == "note" ? "hs_note_body" : "hs_task_body";
                tally.Add($"Log to HubSpot {kind}: {attack}", Problems(await StoredAsync(flow, type, property, messageMarker), messageText));
            }

            // The inline forms: a note body and a call's notes typed with the attack in them.
            var (marker, text) = Marked(attack);
            var noteForm = (await flow.SayAsync("log note ada@example.com")).Card!;
            await flow.ExecuteAsync(FormCards.Click(noteForm, "Log note", (EngagementFields.Body, text)));
            tally.Add($"log note form: {attack}", Problems(await StoredAsync(flow, "notes", "hs_note_body", marker), text));

            (marker, text) = Marked(attack);
            var callForm = (await flow.SayAsync("log call ada@example.com")).Card!;
            await flow.ExecuteAsync(FormCards.Click(callForm, "Log call", (EngagementFields.Title, $"Call {marker}"), (EngagementFields.Notes, text)));
            tally.Add($"log call form notes: {attack}", Problems(await StoredAsync(flow, "calls", "hs_call_body", marker), text));
        }
        tally.Verdict();
    }

    private static (string Marker, string Text) Marked(string attack)
    {
        var marker = Guid.NewGuid().ToString("N")[..12];
        return (marker, $"{marker} {attack}");
    }

    private static async Task<string?> StoredAsync(CrmFlow flow, string type, string property, string marker) =>
        (await flow.AllAsync(type))
            .Select(o => o.GetProperty("properties").TryGetProperty(property, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null)
            .SingleOrDefault(b => b is not null && b.Contains(marker, StringComparison.Ordinal));

    /// <summary>Empty when <paramref name="stored"/> holds only our tags and reads back as <paramref name="written"/>.</summary>
    private static List<string> Problems(string? stored, string written)
    {
        if (stored is null) return ["nothing was stored"];
        var problems = new List<string>();
        foreach (Match tag in Tag().Matches(stored))
        {
            if (!OurTags.Contains(tag.Groups["name"].Value.ToLowerInvariant(), StringComparer.Ordinal))
                problems.Add($"markup <{tag.Groups["name"].Value}> reached HubSpot");
        }
        var shown = WebUtility.HtmlDecode(Tag().Replace(stored.Replace("<br>", "\n", StringComparison.Ordinal), " "));
        if (!shown.Contains(written, StringComparison.Ordinal)) problems.Add($"HubSpot shows “{shown}”, not “{written}”");
        return problems;
    }

    [GeneratedRegex(@"<\s*/?\s*(?<name>[a-zA-Z][a-zA-Z0-9]*)")]
    private static partial Regex Tag();
}
