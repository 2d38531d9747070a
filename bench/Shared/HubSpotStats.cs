using System.Text.Json;

namespace Bench.Shared;

/// <summary>
/// The sandbox's own per-portal counters, so the figures count what reached "HubSpot" rather than what the bot
/// meant to send: every API request, the searches among them, and the 429s it answered.
/// </summary>
internal readonly record struct HubSpotStats(long Requests, long Searches, long RateLimited)
{
    public static HubSpotStats Parse(string json)
    {
        using var stats = JsonDocument.Parse(json);
        var requests = stats.RootElement.GetProperty("requests");
        var all = requests.EnumerateObject().Sum(p => p.Value.GetInt64());
        var searches = requests.TryGetProperty("crm.search", out var s) ? s.GetInt64() : 0;
        var rateLimited = stats.RootElement.GetProperty("statuses").TryGetProperty("429", out var r) ? r.GetInt64() : 0;
        return new HubSpotStats(all, searches, rateLimited);
    }

    public static HubSpotStats operator -(HubSpotStats after, HubSpotStats before) =>
        new(after.Requests - before.Requests, after.Searches - before.Searches, after.RateLimited - before.RateLimited);

    public HubSpotStats Subtract(HubSpotStats before) => this - before;
}
