using System.Collections.Concurrent;
using HubSpotTeamsBot.HubSpot;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.Features.MessageExtension;

/// <summary>
/// HubSpot search for the compose box, kind to the 5 searches/second portal limit: an answer is cached briefly per
/// portal, identical concurrent questions share one HubSpot call, and a caller waits at most
/// <see cref="MessageExtensionOptions.SearchWait"/>. A search that outlives its caller keeps running (on the app's
/// lifetime, not the caller's token) so the next keystroke finds its answer in the cache.
/// </summary>
public sealed partial class RecordSearch(
    HubSpotCrmClient crm,
    IMemoryCache cache,
    IOptions<MessageExtensionOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<RecordSearch> logger)
{
    private readonly ConcurrentDictionary<SearchKey, Lazy<Task<CrmSearchPage>>> _inFlight = new();
    private readonly MessageExtensionOptions _options = options.Value;

    /// <summary>Shared HubSpot calls started so far (a cache hit or a joined call starts none).</summary>
    public long CallsStarted => Interlocked.Read(ref _callsStarted);

    private long _callsStarted;

    public async Task<SearchOutcome> SearchAsync(string tenantId, SearchKey key, CrmSearchRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (cache.TryGetValue(CacheKey(key), out CrmSearchPage? cached) && cached is not null)
        {
            return new SearchOutcome(cached, FromCache: true);
        }

        var call = _inFlight.GetOrAdd(key, k => new Lazy<Task<CrmSearchPage>>(() => RunAsync(tenantId, k, request))).Value;
        try
        {
            return new SearchOutcome(await call.WaitAsync(_options.SearchWait, ct), FromCache: false);
        }
        catch (TimeoutException)
        {
            LogStillSearching(logger, key.PortalId, key.Type);
            return SearchOutcome.StillSearching;
        }
        catch (HubSpotRateLimitedException e)
        {
            // Busy is not an error for someone typing: the next keystroke asks again.
            LogRateLimited(logger, key.PortalId, key.Type, e.PolicyName);
            return SearchOutcome.StillSearching;
        }
        catch (HubSpotUnavailableException e)
        {
            // HubSpot's attempts timed out or failed within our budget: the same answer, the next keystroke retries.
            LogUnavailable(logger, key.PortalId, key.Type, e.StatusCode);
            return SearchOutcome.StillSearching;
        }
    }

    private async Task<CrmSearchPage> RunAsync(string tenantId, SearchKey key, CrmSearchRequest request)
    {
        Interlocked.Increment(ref _callsStarted);
        try
        {
            var page = await crm.SearchAsync(tenantId, key.Type, request, lifetime.ApplicationStopping);
            if (_options.SearchCacheDuration > TimeSpan.Zero)
            {
                cache.Set(CacheKey(key), page, _options.SearchCacheDuration);
            }
            return page;
        }
        finally
        {
            _inFlight.TryRemove(key, out _);
        }
    }

    private static (string, SearchKey) CacheKey(SearchKey key) => ("me-search", key);

    [LoggerMessage(Level = LogLevel.Information, Message = "Compose search for portal {PortalId} ({Type}) not answered in time; answering still searching")]
    private static partial void LogStillSearching(ILogger logger, long portalId, CrmObjectType type);

    [LoggerMessage(Level = LogLevel.Information, Message = "Compose search for portal {PortalId} ({Type}) rate limited ({Policy}); answering still searching")]
    private static partial void LogRateLimited(ILogger logger, long portalId, CrmObjectType type, string? policy);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Compose search for portal {PortalId} ({Type}) failed: HubSpot unavailable ({Status}); answering still searching")]
    private static partial void LogUnavailable(ILogger logger, long portalId, CrmObjectType type, int status);
}
