using System.Collections.Concurrent;
using System.Globalization;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Records;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.Features.MessageExtension;

/// <summary>
/// HubSpot search for the compose box and the record pickers, spending the portal's 5 searches/second where a person
/// sees a difference (bench/README.md has the figures of each step):
/// <list type="bullet">
/// <item>Typed text asks HubSpot for up to <see cref="FetchLimit"/> matches at once. When that is every match, each
/// longer text typed on from it ("ad" → "ada" → "adal") is answered by narrowing that set with HubSpot's own matching
/// rule (<see cref="SearchMatch"/>), with no new search; so is the next page.</item>
/// <item>Answers are cached briefly per tenant and shared by everyone in it; identical questions in flight share one
/// call, and a question whose shorter prefix is already on its way to HubSpot waits for that first.</item>
/// <item>A caller waits <see cref="MessageExtensionOptions.SearchQuickWait"/> for HubSpot; if the answer is not back
/// by then, the matches the bot already knows (a shorter text's first results narrowed, or else the records recent
/// answers returned, <see cref="SeenRecords"/>) are shown at once, and only when it knows none does it wait up to
/// <see cref="MessageExtensionOptions.SearchWait"/>. A search that outlives its
/// caller keeps running (on the app's lifetime) so the next keystroke finds it in the cache.</item>
/// <item>The bot's own writes retire cached answers and are laid over fresh ones (<see cref="SearchWrites"/>).</item>
/// </list>
/// </summary>
public sealed partial class RecordSearch(
    HubSpotCrmClient crm,
    IMemoryCache cache,
    SearchWrites writes,
    SeenRecords seen,
    IOptions<MessageExtensionOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<RecordSearch> logger)
{
    /// <summary>HubSpot's largest search page: one search that returns every match makes every longer text free.</summary>
    public const int FetchLimit = 200;

    private readonly ConcurrentDictionary<SearchKey, Lazy<Task<CrmSearchPage>>> _inFlight = new();
    private readonly MessageExtensionOptions _options = options.Value;

    /// <summary>Records whose searchable properties or shown properties match <paramref name="text"/>, one page of them.</summary>
    public async Task<SearchOutcome> SearchTextAsync(string tenantId, long portalId, CrmObjectType type, string text, int skip, int count, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalised = SearchKey.Normalise(text);
        var terms = SearchMatch.Terms(normalised);
        var generation = writes.Generation(tenantId, type);
        SearchKey KeyFor(string criteria) => new(tenantId, portalId, type, "q:" + criteria, 0, FetchLimit, generation);
        var started = TimeProvider.System.GetTimestamp();
        TimeSpan Left(TimeSpan wait) => wait - TimeProvider.System.GetElapsedTime(started);

        // Everything already known, or a page of it: no HubSpot call.
        if (KnownMatches(KeyFor, normalised, terms, allowPartial: false) is { } known && (known.Complete || skip + count <= known.Matches.Count))
        {
            return Answer(known, fromCache: true);
        }

        if (skip > 0)
        {
            // A later page of a set too large to hold: HubSpot's cursor is the offset, so ask for that page.
            return await SearchAsync(new SearchKey(tenantId, portalId, type, "q:" + normalised, skip, count, generation),
                new CrmSearchRequest { Query = normalised, Properties = Properties(type), Limit = count, After = skip.ToString(CultureInfo.InvariantCulture) }, ct);
        }

        // A shorter text already on its way may return every match, which answers this one too.
        foreach (var prefix in Prefixes(normalised))
        {
            if (!_inFlight.TryGetValue(KeyFor(prefix), out var pending)) continue;
            await Settle(pending.Value, Left(_options.SearchQuickWait), ct);
            if (KnownMatches(KeyFor, normalised, terms, allowPartial: false) is { } narrowed) return Answer(narrowed, fromCache: true);
            break;
        }

        var call = Start(KeyFor(normalised), new CrmSearchRequest { Query = normalised, Properties = Properties(type), Limit = FetchLimit });
        if (await Settle(call, Left(_options.SearchQuickWait), ct) && KnownMatches(KeyFor, normalised, terms, allowPartial: false) is { } fresh)
        {
            return Answer(fresh, fromCache: false);
        }

        // HubSpot is busy: the matches the bot already knows now beat all of them in a few seconds.
        var partial = KnownMatches(KeyFor, normalised, terms, allowPartial: true) is { Matches.Count: > 0 } shorter ? shorter : Seen();
        if (partial.Matches.Count > 0)
        {
            LogPartial(logger, portalId, type, partial.Matches.Count);
            return Answer(partial, fromCache: true);
        }

        try
        {
            var left = Left(_options.SearchWait);
            await call.WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, ct);
        }
        catch (Exception e) when (Failure(e, portalId, type))
        {
            return SearchOutcome.StillSearching;
        }

        return KnownMatches(KeyFor, normalised, terms, allowPartial: false) is { } answer ? Answer(answer, fromCache: false) : SearchOutcome.StillSearching;

        Known Seen()
        {
            var matches = writes.Overlay(tenantId, type, seen.Matching(tenantId, type, terms, _options.SearchCacheDuration), terms);
            return new Known([.. matches], Complete: false, matches.Count);
        }

        SearchOutcome Answer(Known known, bool fromCache)
        {
            var more = skip + count < known.Matches.Count || !known.Complete;
            var page = known.Matches.Skip(skip).Take(count).ToList();
            return new SearchOutcome(new CrmSearchPage(known.Total, page, more ? (skip + count).ToString(CultureInfo.InvariantCulture) : null), fromCache);
        }
    }

    /// <summary>One exact question (a list of ids, the latest records): cached and shared like text searches.</summary>
    public async Task<SearchOutcome> SearchAsync(SearchKey key, CrmSearchRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(key);
        key = key with { Generation = writes.Generation(key.TenantId, key.Type) };
        if (cache.TryGetValue(CacheKey(key), out CrmSearchPage? cached) && cached is not null) return new SearchOutcome(cached, FromCache: true);
        try
        {
            return new SearchOutcome(await Start(key, request).WaitAsync(_options.SearchWait, ct), FromCache: false);
        }
        catch (Exception e) when (Failure(e, key.PortalId, key.Type))
        {
            return SearchOutcome.StillSearching;
        }
    }

    /// <summary>
    /// The matches of <paramref name="terms"/> the bot knows: its own cached answer (HubSpot's first
    /// <see cref="FetchLimit"/> matches), or a shorter text's complete answer narrowed locally, or — only when
    /// <paramref name="allowPartial"/> — a shorter text's first matches narrowed (some of the matches, not all).
    /// </summary>
    private Known? KnownMatches(Func<string, SearchKey> keyFor, string normalised, string[] terms, bool allowPartial)
    {
        foreach (var criteria in Prefixes(normalised).Prepend(normalised))
        {
            var key = keyFor(criteria);
            if (!cache.TryGetValue(CacheKey(key), out CrmSearchPage? page) || page is null) continue;
            var complete = page.NextAfter is null;
            var exact = criteria == normalised;
            if (!exact && !complete && !allowPartial) continue;
            // The bot's recent writes are laid over first; HubSpot's own answer to this text is kept as it is (it may
            // have matched in properties the bot does not read), a shorter text's answer is narrowed.
            var results = writes.Overlay(key.TenantId, key.Type, page.Results, terms);
            if (exact) return new Known([.. results], complete, Math.Max(page.Total, results.Count));
            var narrowed = results.Where(r => SearchMatch.Matches(key.Type, r, terms)).ToList();
            return new Known(narrowed, complete, narrowed.Count);
        }

        return null;
    }

    private sealed record Known(List<CrmObject> Matches, bool Complete, long Total);

    private Task<CrmSearchPage> Start(SearchKey key, CrmSearchRequest request) =>
        _inFlight.GetOrAdd(key, k => new Lazy<Task<CrmSearchPage>>(() => RunAsync(k, request))).Value;

    private async Task<CrmSearchPage> RunAsync(SearchKey key, CrmSearchRequest request)
    {
        try
        {
            var page = await crm.SearchAsync(key.TenantId, key.Type, request, lifetime.ApplicationStopping);
            seen.Add(key.TenantId, key.Type, page.Results);
            if (_options.SearchCacheDuration > TimeSpan.Zero) cache.Set(CacheKey(key), page, _options.SearchCacheDuration);
            return page;
        }
        finally
        {
            _inFlight.TryRemove(key, out _);
        }
    }

    /// <summary>Waits up to <paramref name="wait"/> for a call; true when it finished (well or not) in that time.</summary>
    private static async Task<bool> Settle(Task call, TimeSpan wait, CancellationToken ct)
    {
        if (wait > TimeSpan.Zero)
        {
            try
            {
                await call.WaitAsync(wait, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // Timed out or failed: the caller decides what to answer from what it knows.
            }
        }

        return call.IsCompleted;
    }

    private bool Failure(Exception e, long portalId, CrmObjectType type)
    {
        switch (e)
        {
            case TimeoutException:
                LogStillSearching(logger, portalId, type);
                return true;
            case HubSpotRateLimitedException limited:
                // Busy is not an error for someone typing: the next keystroke asks again.
                LogRateLimited(logger, portalId, type, limited.PolicyName);
                return true;
            case HubSpotUnavailableException unavailable:
                // HubSpot's attempts timed out or failed within our budget: the next keystroke retries.
                LogUnavailable(logger, portalId, type, unavailable.StatusCode);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Shorter texts whose matches include every match of this one, longest first ("ada l" → "ada", "ad", "a").</summary>
    private static IEnumerable<string> Prefixes(string normalised)
    {
        string? previous = null;
        for (var length = normalised.Length - 1; length > 0; length--)
        {
            var prefix = normalised[..length].TrimEnd();
            if (prefix.Length == 0 || prefix == previous) continue;
            previous = prefix;
            yield return prefix;
        }
    }

    /// <summary>What a search reads: the properties the result cards show and those HubSpot matched the text in.</summary>
    private static IReadOnlyList<string> Properties(CrmObjectType type) =>
        [.. RecordProperties.For(type).Union(SearchMatch.SearchableProperties(type))];

    private static (string, SearchKey) CacheKey(SearchKey key) => ("me-search", key);

    [LoggerMessage(Level = LogLevel.Information, Message = "Compose search for portal {PortalId} ({Type}) not answered in time; answering still searching")]
    private static partial void LogStillSearching(ILogger logger, long portalId, CrmObjectType type);

    [LoggerMessage(Level = LogLevel.Information, Message = "Compose search for portal {PortalId} ({Type}) rate limited ({Policy}); answering still searching")]
    private static partial void LogRateLimited(ILogger logger, long portalId, CrmObjectType type, string? policy);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Compose search for portal {PortalId} ({Type}) failed: HubSpot unavailable ({Status}); answering still searching")]
    private static partial void LogUnavailable(ILogger logger, long portalId, CrmObjectType type, int status);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Compose search for portal {PortalId} ({Type}) answered with {Count} known matches while HubSpot is busy")]
    private static partial void LogPartial(ILogger logger, long portalId, CrmObjectType type, int count);
}
