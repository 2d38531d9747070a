using System.Net.Http.Json;
using System.Text.Json;

namespace Bot.Tests.Harness;

/// <summary>Client for the sandbox's /_sandbox switches and inspection endpoints.</summary>
public sealed class SandboxAdmin(HttpClient http)
{
    /// <summary>Changes only the given switches: latencyMs, errorRate, errorStatusCode, force429Count, force429Policy, enforceRateLimits, failTokenRequests.</summary>
    public async Task SetBehaviourAsync(object switches, CancellationToken ct = default)
    {
        using var response = await http.PostAsJsonAsync(new Uri("/_sandbox/behaviour", UriKind.Relative), switches, ct);
        response.EnsureSuccessStatusCode();
    }

    public Task ResetBehaviourAsync(CancellationToken ct = default) =>
        SetBehaviourAsync(new { latencyMs = 0, errorRate = 0.0, force429Count = 0, enforceRateLimits = false, failTokenRequests = 0 }, ct);

    /// <summary>
    /// Replaces the seeded fault plan: seed, rate429, rate5xx, rate5xxAfterWrite, hangRate, hangAfterWriteRate, slowRate,
    /// hangMs, slowMs, errorStatusCode (omitted rates are 0; an empty object turns faults off).
    /// </summary>
    public async Task SetFaultsAsync(object plan, CancellationToken ct = default)
    {
        using var response = await http.PostAsJsonAsync(new Uri("/_sandbox/faults", UriKind.Relative), plan, ct);
        response.EnsureSuccessStatusCode();
    }

    public Task ClearFaultsAsync(CancellationToken ct = default) => SetFaultsAsync(new { }, ct);

    public Task RevokeRefreshTokensAsync(long portalId, CancellationToken ct = default) => PostAsync($"/_sandbox/portals/{portalId}/revoke-refresh-tokens", ct);

    public Task RevokeAccessTokensAsync(long portalId, CancellationToken ct = default) => PostAsync($"/_sandbox/portals/{portalId}/revoke-access-tokens", ct);

    public Task ExpireAccessTokensAsync(long portalId, CancellationToken ct = default) => PostAsync($"/_sandbox/portals/{portalId}/expire-access-tokens", ct);

    public Task ResetStatsAsync(long portalId, CancellationToken ct = default) => PostAsync($"/_sandbox/portals/{portalId}/stats/reset", ct);

    public Task ResetRateLimitsAsync(CancellationToken ct = default) => PostAsync("/_sandbox/reset-rate-limits", ct);

    /// <summary>Request counts per kind (e.g. "oauth.token", "crm.search", "crm.create") and per status ("429").</summary>
    public async Task<SandboxStats> GetStatsAsync(long portalId, CancellationToken ct = default)
    {
        using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri($"/_sandbox/portals/{portalId}/stats", UriKind.Relative), ct));
        return new SandboxStats(Counts(json.RootElement.GetProperty("requests")), Counts(json.RootElement.GetProperty("statuses")));
    }

    /// <summary>Every call the sandbox's rate limiter counted for the portal, admitted or refused, oldest first.</summary>
    public async Task<IReadOnlyList<RateLimitLogEntry>> GetRateLimitLogAsync(long portalId, CancellationToken ct = default)
    {
        using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri($"/_sandbox/portals/{portalId}/rate-limit-log", UriKind.Relative), ct));
        return json.RootElement.GetProperty("entries").EnumerateArray().Select(e => new RateLimitLogEntry(
            e.GetProperty("at").GetDateTimeOffset(), e.GetProperty("kind").GetString()!, e.GetProperty("limit").GetString()!,
            e.GetProperty("admitted").GetBoolean(), e.GetProperty("caller").GetString() ?? "")).ToList();
    }

    /// <summary>The stored records of a type (all properties), for asserting what a client wrote.</summary>
    public async Task<JsonElement> GetObjectsAsync(long portalId, string objectType, CancellationToken ct = default)
    {
        using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri($"/_sandbox/portals/{portalId}/objects/{objectType}", UriKind.Relative), ct));
        return json.RootElement.GetProperty("results").Clone();
    }

    /// <summary>Adds numbered filler contacts ("Bulk Contact 00001", company tag) for paging and cap tests.</summary>
    public async Task SeedContactsAsync(long portalId, int count, string company, CancellationToken ct = default)
    {
        using var response = await http.PostAsJsonAsync(new Uri($"/_sandbox/portals/{portalId}/seed", UriKind.Relative), new { contacts = count, company }, ct);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>A new test portal whose admins added the given custom properties (none, demo, eu, full); returns its id.</summary>
    public async Task<long> CreatePortalAsync(string customProperties, int contacts = 0, CancellationToken ct = default)
    {
        using var response = await http.PostAsJsonAsync(new Uri("/_sandbox/portals", UriKind.Relative), new { contacts, deals = 0, customProperties }, ct);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        return json.RootElement.GetProperty("portalId").GetInt64();
    }

    /// <summary>Replaces an enumeration property's choices, as a HubSpot admin editing the property would.</summary>
    public async Task ReplaceOptionsAsync(long portalId, string objectType, string property, IReadOnlyList<(string Label, string Value)> options,
        CancellationToken ct = default)
    {
        using var response = await http.PutAsJsonAsync(new Uri($"/_sandbox/portals/{portalId}/properties/{objectType}/{property}/options", UriKind.Relative),
            new { options = options.Select(o => new { label = o.Label, value = o.Value }) }, ct);
        response.EnsureSuccessStatusCode();
    }

    private async Task PostAsync(string path, CancellationToken ct)
    {
        using var response = await http.PostAsync(new Uri(path, UriKind.Relative), null, ct);
        response.EnsureSuccessStatusCode();
    }

    private static Dictionary<string, long> Counts(JsonElement element) =>
        element.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
}

public sealed record SandboxStats(IReadOnlyDictionary<string, long> Requests, IReadOnlyDictionary<string, long> Statuses)
{
    public long Count(string kind) => Requests.GetValueOrDefault(kind);

    public long Status(int code) => Statuses.GetValueOrDefault(code.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>One call the sandbox's rate limiter counted: when, which endpoint and limit (burst/search), refused or not, and the caller's User-Agent.</summary>
public sealed record RateLimitLogEntry(DateTimeOffset At, string Kind, string Limit, bool Admitted, string Caller)
{
    public bool IsSearch => Limit == "search";
}
