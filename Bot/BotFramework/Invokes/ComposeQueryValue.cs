using System.Text.Json;
using System.Text.Json.Serialization;

namespace HubSpotTeamsBot.BotFramework.Invokes;

/// <summary><c>composeExtension/query</c>: a search command typed or opened (docs/teams-protocol.md, "Message-extension search").</summary>
public sealed class ComposeQueryValue
{
    /// <summary>Required: the manifest command that was searched.</summary>
    public string? CommandId { get; init; }

    public List<ComposeQueryParameter?>? Parameters { get; init; }

    public ComposeQueryOptions? QueryOptions { get; init; }

    /// <summary>Only when Teams re-sends the query after the sign-in popup.</summary>
    public string? State { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>One search box: Teams sends every value as a string, <c>initialRun</c> included (<c>"true"</c>).</summary>
public sealed class ComposeQueryParameter
{
    public string? Name { get; init; }

    public string? Value { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>The page Teams asks for.</summary>
public sealed class ComposeQueryOptions
{
    public int? Skip { get; init; }

    public int? Count { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
