using System.Text.Json.Nodes;

namespace HubSpotTeamsBot.BotFramework.Invokes;

/// <summary>
/// What an activity's <c>value</c> was read as: a typed payload, a refusal saying what is wrong with its shape, or
/// neither (an activity whose value the protocol layer does not type).
/// </summary>
public sealed record InvokePayload(object? Value, string? Problem)
{
    public static readonly InvokePayload None = new(null, null);

    /// <summary>The value this was read from; a reread is needed only if someone replaced it.</summary>
    internal JsonNode? Source { get; init; }

    public static InvokePayload Of(object value) => new(value, null);

    public static InvokePayload Refused(string problem) => new(null, problem);
}
