using HubSpotTeamsBot.BotFramework.Invokes;

namespace HubSpotTeamsBot.Features.MessageExtension;

/// <summary>What a <c>composeExtension/query</c> asks for (docs/teams-protocol.md, "Message-extension search"): the typed text or the initial run, and a page.</summary>
public sealed record ComposeQuery(string? Keyword, bool InitialRun, int Skip, int Count)
{
    /// <summary>
    /// Teams names the parameter <c>searchKeyword</c> (our manifest), other hosts (the Agents Playground) use their
    /// own name, so the first parameter that is not <c>initialRun</c> is the text.
    /// </summary>
    public static ComposeQuery From(ComposeQueryValue value, int maxCount)
    {
        ArgumentNullException.ThrowIfNull(value);
        var initialRun = false;
        string? keyword = null;
        foreach (var parameter in value.Parameters ?? [])
        {
            if (parameter is null) continue;
            if (string.Equals(parameter.Name, "initialRun", StringComparison.OrdinalIgnoreCase))
            {
                initialRun = string.Equals(parameter.Value, "true", StringComparison.OrdinalIgnoreCase);
            }
            else if (keyword is null && !string.IsNullOrWhiteSpace(parameter.Value))
            {
                keyword = parameter.Value.Trim();
            }
        }

        var skip = Math.Max(0, value.QueryOptions?.Skip ?? 0);
        var count = Math.Clamp(value.QueryOptions?.Count ?? maxCount, 1, maxCount);
        return new ComposeQuery(keyword, initialRun || keyword is null, skip, count);
    }
}
