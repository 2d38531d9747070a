using System.Text.Json.Nodes;

namespace Bot.Tests.Features.MessageExtension;

/// <summary>
/// Checks invoke bodies against the shapes Teams documents (docs/teams-protocol.md, "Message-extension search",
/// "Message-extension action" and "Link unfurling"): a result envelope whose Adaptive
/// Card attachments each carry a hero/thumbnail preview, a message envelope, or a dialog (task) envelope.
/// </summary>
public static class ComposeShapes
{
    private static readonly string[] Layouts = ["list", "grid"];

    // Hosts reject an adaptive preview on a search result (tooling notes): hero or thumbnail only.
    private static readonly string[] PreviewTypes = ["application/vnd.microsoft.card.thumbnail", "application/vnd.microsoft.card.hero"];

    public static JsonArray AssertResult(JsonNode? body)
    {
        var extension = Assert.IsType<JsonObject>(body?["composeExtension"]);
        Assert.Equal("result", (string?)extension["type"]);
        Assert.Contains((string?)extension["attachmentLayout"], Layouts);
        var attachments = Assert.IsType<JsonArray>(extension["attachments"]);
        foreach (var attachment in attachments)
        {
            Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)attachment!["contentType"]);
            Assert.Equal("AdaptiveCard", (string?)attachment["content"]!["type"]);
            Assert.False(string.IsNullOrEmpty((string?)attachment["content"]!["version"]));
            var preview = Assert.IsType<JsonObject>(attachment["preview"]);
            Assert.Contains((string?)preview["contentType"], PreviewTypes);
            Assert.False(string.IsNullOrWhiteSpace((string?)preview["content"]!["title"]));
            if (preview["content"]!["tap"] is JsonObject tap)
            {
                Assert.Equal("invoke", (string?)tap["type"]);
                Assert.IsType<JsonObject>(tap["value"]);
            }
            Assert.True(attachment.ToJsonString().Length < 28 * 1024);
        }
        return attachments;
    }

    public static string AssertMessage(JsonNode? body)
    {
        var extension = Assert.IsType<JsonObject>(body?["composeExtension"]);
        Assert.Equal("message", (string?)extension["type"]);
        var text = (string?)extension["text"];
        Assert.False(string.IsNullOrWhiteSpace(text));
        return text!;
    }

    /// <summary>A <c>{"task":{"type":"continue","value":{title,card}}}</c> dialog; returns the card.</summary>
    public static JsonObject AssertDialog(JsonNode? body)
    {
        var task = Assert.IsType<JsonObject>(body?["task"]);
        Assert.Equal("continue", (string?)task["type"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)task["value"]!["title"]));
        Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)task["value"]!["card"]!["contentType"]);
        return Assert.IsType<JsonObject>(task["value"]!["card"]!["content"]);
    }

    /// <summary>A <c>{"task":{"type":"message","value":text}}</c> answer that closes the dialog.</summary>
    public static string AssertDialogMessage(JsonNode? body)
    {
        var task = Assert.IsType<JsonObject>(body?["task"]);
        Assert.Equal("message", (string?)task["type"]);
        return (string?)task["value"] ?? throw new Xunit.Sdk.XunitException("dialog message without text");
    }

    public static string? OpenUrl(JsonNode card) =>
        card["actions"]?.AsArray().FirstOrDefault(a => (string?)a!["type"] == "Action.OpenUrl")?["url"]?.GetValue<string>();

    public static string AllText(JsonNode node) => node.ToJsonString();
}
