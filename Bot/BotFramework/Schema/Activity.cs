using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace HubSpotTeamsBot.BotFramework.Schema;

/// <summary>
/// A Bot Framework activity, deliberately loose: the fields the bot reads are typed, everything else
/// (new Teams fields included) survives a round trip in <see cref="Extra"/> (spec A2005: accept unknown fields).
/// </summary>
public sealed class Activity
{
    public string? Type { get; set; }
    public string? Id { get; set; }
    public string? Name { get; set; }
    public DateTimeOffset? Timestamp { get; set; }
    public string? ServiceUrl { get; set; }
    public string? ChannelId { get; set; }
    public ChannelAccount? From { get; set; }
    public ChannelAccount? Recipient { get; set; }
    public ConversationAccount? Conversation { get; set; }
    public string? Text { get; set; }
    public string? TextFormat { get; set; }
    public string? Summary { get; set; }
    public string? Locale { get; set; }
    public string? ReplyToId { get; set; }
    public string? Action { get; set; }
    public string? AttachmentLayout { get; set; }
    public List<Attachment>? Attachments { get; set; }
    public List<JsonObject>? Entities { get; set; }
    public JsonObject? ChannelData { get; set; }
    public JsonNode? Value { get; set; }
    public List<ChannelAccount>? MembersAdded { get; set; }
    public List<ChannelAccount>? MembersRemoved { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>The typed <see cref="Value"/>, read once by <see cref="Invokes.InvokePayloads.Read"/>.</summary>
    [JsonIgnore]
    internal Invokes.InvokePayload? Payload { get; set; }

    /// <summary>An outgoing message with text (markdown) and optional attachments.</summary>
    public static Activity Message(string? text = null, params Attachment[] attachments) => new()
    {
        Type = ActivityTypes.Message,
        Text = text,
        TextFormat = text is null ? null : "markdown",
        Attachments = attachments.Length == 0 ? null : [.. attachments],
    };
}

public sealed class ChannelAccount
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? AadObjectId { get; set; }

    /// <summary>The roster API names the Entra id <c>objectId</c>; activities name it <c>aadObjectId</c>.</summary>
    public string? ObjectId { get; set; }
    public string? UserPrincipalName { get; set; }
    public string? Email { get; set; }
    public string? UserRole { get; set; }
    public string? Role { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    [JsonIgnore]
    public string? EntraObjectId => AadObjectId ?? ObjectId;
}

public sealed class ConversationAccount
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? ConversationType { get; set; }
    public string? TenantId { get; set; }
    public bool? IsGroup { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed class Attachment
{
    public string? ContentType { get; set; }
    public JsonNode? Content { get; set; }
    public string? ContentUrl { get; set; }
    public string? Name { get; set; }

    /// <summary>Message-extension results carry a hero/thumbnail preview next to the card.</summary>
    public Attachment? Preview { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
