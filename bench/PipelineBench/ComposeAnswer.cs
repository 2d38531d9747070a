using System.Text.Json;
using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.Features.MessageExtension;

namespace PipelineBench;

/// <summary>
/// Reads a <c>composeExtension/query</c> answer the way Teams would show it: a result list (how many records), or a
/// message: the search's "Still searching" (from a warm cache: the cache was missed), the router's fallback when the
/// invoke ran past its budget, or another sentence. The texts are the bot's own constants.
/// </summary>
internal static class ComposeAnswer
{
    /// <summary>Null and the number of results for a non-empty result list; otherwise why it is not one.</summary>
    public static (string? Error, int Results) Check(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            if (!document.RootElement.TryGetProperty("composeExtension", out var extension)) return ("no composeExtension", 0);
            var type = extension.TryGetProperty("type", out var t) ? t.GetString() : null;
            if (type == "result" && extension.TryGetProperty("attachments", out var attachments) && attachments.GetArrayLength() > 0)
                return (null, attachments.GetArrayLength());
            if (type == "message" && extension.TryGetProperty("text", out var text))
                return (text.GetString() switch
                {
                    // The router's answer when the invoke ran past Bot:InvokeBudget: the bot was too slow, whatever the cache held.
                    InvokeFallbacks.StillSearchingText => "past the invoke budget",
                    // The search's own answer when HubSpot did not answer within MessageExtension:SearchWait: a cache miss.
                    ComposeSearchFeature.StillSearching => "still searching",
                    var message => $"message: {message}",
                }, 0);
            return ($"compose answer of type {type ?? "none"}", 0);
        }
        catch (JsonException)
        {
            return ("not JSON", 0);
        }
    }
}
