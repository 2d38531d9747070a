using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bot.Tests.Harness;
using HubSpotTeamsBot.BotFramework.Schema;

namespace Bot.Tests.Features.MessageExtension;

/// <summary>
/// Issue 21, "nothing typed is silently changed": when Teams does not send <c>messagePayload</c> again with the Log to
/// HubSpot submit, the bot logs the copy of the message the dialog carried in its submit data. That copy is the whole
/// message whenever the card (Teams' 28 KB) can hold it; when it cannot, the dialog says what it carries and nothing
/// shorter is logged until the user ticks the box, and the note then says how much was left out.
/// </summary>
public sealed class LogToHubSpotFallbackTests(CrmBotFixture bot) : IClassFixture<CrmBotFixture>, IAsyncLifetime
{
    private const long Portal = SandboxHost.DemoPortalId;
    private const int TeamsCardLimit = 28 * 1024;

    public Task InitializeAsync() => bot.LinkPortalAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_long_message_is_logged_whole_from_the_dialogs_copy_when_Teams_does_not_send_it_again()
    {
        var marker = Guid.NewGuid().ToString("N");
        // Over the old 3,000-character copy, with characters JSON escapes to six bytes and an emoji's surrogate pair.
        var text = $"{marker} " + string.Concat(Enumerable.Range(0, 500).Select(i => $"naïve café {i} 🙂 "));
        Assert.InRange(text.Length, 8_000, 20_000);

        var dialog = await FetchAsync(text);
        Assert.InRange(Size(dialog), 1, TeamsCardLimit);
        Assert.DoesNotContain(dialog["body"]!.AsArray(), e => (string?)e!["id"] == "shorten");

        var logged = await SubmitWithoutPayloadAsync(dialog, shorten: null);
        Assert.StartsWith("Logged:", Confirmation(logged), StringComparison.Ordinal);
        var body = WebUtility.HtmlDecode(await NoteBodyAsync(marker));
        Assert.Contains(text.Trim(), body, StringComparison.Ordinal);
        Assert.DoesNotContain("not logged", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_the_card_cannot_carry_is_cut_only_when_the_user_ticks_the_box_and_the_dialog_and_note_say_so()
    {
        var marker = Guid.NewGuid().ToString("N");
        var text = $"{marker} " + new string('w', 40_000);

        var dialog = await FetchAsync(text);
        Assert.InRange(Size(dialog), 1, TeamsCardLimit);
        var carried = (string)dialog["actions"]![0]!["data"]!["message"]!["text"]!;
        Assert.InRange(carried.Length, 20_000, text.Length - 1);
        // Said next to the message, with both figures and how to get all of it.
        var shown = Texts(dialog);
        Assert.Contains($"first {Said(carried.Length)} of this message's {Said(text.Length)} characters", shown, StringComparison.Ordinal);
        Assert.Contains("The whole message stays in Teams, where you can copy the rest into the note", shown, StringComparison.Ordinal);
        // Teams may still send the whole message with the submit: nothing to choose yet.
        Assert.DoesNotContain(dialog["body"]!.AsArray(), e => (string?)e!["id"] == "shorten");

        var refused = ComposeShapes.AssertDialog(await SubmitWithoutPayloadAsync(dialog, shorten: null));
        Assert.Contains("Nothing was logged", Texts(refused), StringComparison.Ordinal);
        Assert.Contains(refused["body"]!.AsArray(), e => (string?)e!["id"] == "shorten");
        Assert.InRange(Size(refused), 1, TeamsCardLimit);
        Assert.Null(await NoteBodyOrNullAsync(marker));

        var logged = Confirmation(await SubmitWithoutPayloadAsync(dialog, shorten: "true"));
        Assert.Contains($"{Said(text.Length - carried.Length)} characters of the message were not logged", logged, StringComparison.Ordinal);
        var body = WebUtility.HtmlDecode(await NoteBodyAsync(marker));
        Assert.Contains(carried, body, StringComparison.Ordinal);
        Assert.Contains($"{Said(text.Length - carried.Length)} more characters not logged", body, StringComparison.Ordinal);
    }

    private async Task<JsonObject> FetchAsync(string text) =>
        ComposeShapes.AssertDialog(await ComposeInvokes.InvokeAsync(bot, bot.Editor, "composeExtension/fetchTask", new JsonObject
        {
            ["commandId"] = "logToHubSpot", ["commandContext"] = "message",
            ["messagePayload"] = new JsonObject
            {
                ["id"] = $"16{Random.Shared.NextInt64(100000000000, 999999999999)}",
                ["createdDateTime"] = "2026-11-20T09:30:00.000Z",
                ["from"] = new JsonObject { ["user"] = new JsonObject { ["id"] = "29:someone", ["displayName"] = "Adele Vance" } },
                ["body"] = new JsonObject { ["contentType"] = "text", ["content"] = text },
            },
        }));

    /// <summary>What Teams sends when it does not include messagePayload: the button's data merged with the inputs.</summary>
    private async Task<JsonNode?> SubmitWithoutPayloadAsync(JsonObject dialog, string? shorten)
    {
        var data = dialog["actions"]![0]!["data"]!.DeepClone().AsObject();
        data["recordText"] = "ada@example.com";
        data["kind"] = "note";
        if (shorten is not null) data["shorten"] = shorten;
        return await ComposeInvokes.InvokeAsync(bot, bot.Editor, "composeExtension/submitAction",
            new JsonObject { ["commandId"] = "logToHubSpot", ["commandContext"] = "message", ["data"] = data });
    }

    private static string Said(int count) => count.ToString("N0", CultureInfo.InvariantCulture);

    private static string Texts(JsonObject card) =>
        string.Join('\n', card["body"]!.AsArray().Where(e => (string?)e!["type"] == "TextBlock").Select(e => (string?)e!["text"]));

    private static int Size(JsonObject card) => Encoding.UTF8.GetByteCount(card.ToJsonString(BotJson.Options));

    private static string Confirmation(JsonNode? body) =>
        (string)ComposeShapes.AssertDialog(body)["body"]!.AsArray().Single(e => (string?)e!["type"] == "TextBlock")!["text"]!;

    private async Task<string> NoteBodyAsync(string marker) =>
        await NoteBodyOrNullAsync(marker) ?? throw new Xunit.Sdk.XunitException("no note holds the message");

    private async Task<string?> NoteBodyOrNullAsync(string marker) =>
        (await bot.Sandbox.Admin.GetObjectsAsync(Portal, "notes")).EnumerateArray()
            .Select(n => n.GetProperty("properties").TryGetProperty("hs_note_body", out var b) ? b.GetString() : null)
            .SingleOrDefault(b => b is not null && b.Contains(marker, StringComparison.Ordinal));
}
