using System.Text.Json;

namespace PipelineBench;

/// <summary>
/// Reads a <c>composeExtension/query</c> answer the way Teams would show it: a result list (how many records), or a
/// message such as "Still searching" (which, from a warm cache, means the cache was missed).
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
                return (text.GetString() is { } message && message.StartsWith("Still searching", StringComparison.Ordinal) ? "still searching" : $"message: {text.GetString()}", 0);
            return ($"compose answer of type {type ?? "none"}", 0);
        }
        catch (JsonException)
        {
            return ("not JSON", 0);
        }
    }
}
