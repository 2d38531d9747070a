using System.Text.Json;
using System.Text.Json.Serialization;

namespace HubSpotTeamsBot.BotFramework.Invokes;

/// <summary><c>application/search</c>: the typeahead of an <c>Input.ChoiceSet</c> with <c>Data.Query</c> (docs/teams-protocol.md, "Typeahead").</summary>
public sealed class ApplicationSearchValue
{
    /// <summary>The choice set's <c>dataset</c>, which picks the handler.</summary>
    public string? Dataset { get; init; }

    public string? QueryText { get; init; }

    public ApplicationSearchOptions? QueryOptions { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed class ApplicationSearchOptions
{
    public int? Skip { get; init; }

    public int? Top { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
