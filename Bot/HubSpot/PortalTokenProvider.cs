using System.Collections.Concurrent;
using System.Diagnostics;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.HubSpot;

/// <summary>
/// Hands out a valid access token for a tenant's linked portal. Tokens are refreshed ahead of expiry by one caller at a
/// time: in this process a semaphore per tenant, across instances a lease in storage (<see cref="PortalRefreshLease"/>).
/// Whoever holds the lease re-reads the link first, so a token another instance just refreshed is used, not refreshed
/// again; the others keep using the current token while it is still valid, or wait for the holder and re-read. Whatever
/// refresh token HubSpot returns is stored, in case it rotates them.
/// </summary>
public sealed class PortalTokenProvider
{
    // How often a caller whose token has run out looks again while another instance refreshes it.
    private static readonly TimeSpan LeasePoll = TimeSpan.FromMilliseconds(100);

    private readonly PortalLinkStore _links;
    private readonly HubSpotOAuthClient _oauth;
    private readonly PortalRefreshLease _lease;
    private readonly HubSpotOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<PortalTokenProvider> _logger;
    private readonly IEnumerable<IPortalLinkObserver> _observers;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _refreshGates = new(StringComparer.Ordinal);

    public PortalTokenProvider(PortalLinkStore links, HubSpotOAuthClient oauth, PortalRefreshLease lease, IOptions<HubSpotOptions> options, TimeProvider time,
        ILogger<PortalTokenProvider> logger, IEnumerable<IPortalLinkObserver>? observers = null)
    {
        _observers = observers ?? [];
        ArgumentNullException.ThrowIfNull(options);
        _links = links;
        _oauth = oauth;
        _lease = lease;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>A valid access token for the tenant's linked portal.</summary>
    /// <exception cref="PortalNotLinkedException">No link, or the link is still pending.</exception>
    /// <exception cref="PortalLinkBrokenException">The link is broken or HubSpot refused the refresh token.</exception>
    public async Task<string> GetAccessTokenAsync(string tenantId, CancellationToken ct = default) =>
        (await GetPortalAccessAsync(tenantId, ct)).AccessToken;

    /// <summary>Like <see cref="GetAccessTokenAsync"/>, plus the portal id.</summary>
    public async Task<PortalAccess> GetPortalAccessAsync(string tenantId, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        var link = Usable(tenantId, await _links.GetRecentAsync(tenantId, ct));
        if (IsFresh(link))
        {
            return new PortalAccess(link.PortalId, link.AccessToken);
        }

        var gate = _refreshGates.GetOrAdd(tenantId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            return await RefreshUnderLeaseAsync(tenantId, ct);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<PortalAccess> RefreshUnderLeaseAsync(string tenantId, CancellationToken ct)
    {
        // Real time, like the lease itself: other instances and HubSpot do not share this process's clock.
        var waited = Stopwatch.StartNew();
        while (true)
        {
            // Whoever refreshed before us (here or on another instance) has stored the new token by now.
            var link = Usable(tenantId, await _links.GetAsync(tenantId, ct));
            if (IsFresh(link))
            {
                return new PortalAccess(link.PortalId, link.AccessToken);
            }

            if (await _lease.TryAcquireAsync(tenantId, _options.RefreshLeaseDuration, ct) is { } lease)
            {
                try
                {
                    // Read again under the lease: the previous holder may have saved just before releasing it.
                    link = Usable(tenantId, await _links.GetAsync(tenantId, ct));
                    return IsFresh(link) ? new PortalAccess(link.PortalId, link.AccessToken) : await RefreshAsync(link, refusedOnce: false, ct);
                }
                finally
                {
                    await _lease.ReleaseAsync(lease, CancellationToken.None);
                }
            }

            // Another instance is refreshing. Until the token really expires it is still good to use.
            if (link.AccessTokenExpiresAt > _time.GetUtcNow())
            {
                return new PortalAccess(link.PortalId, link.AccessToken);
            }

            if (waited.Elapsed >= _options.TokenRefreshWait)
            {
                _logger.LogWarning("Tenant {TenantId}: another instance held the token refresh lease for longer than {Wait}", tenantId, _options.TokenRefreshWait);
                throw new HubSpotUnavailableException("The HubSpot token is being refreshed; try again in a moment.", 0, "TOKEN_REFRESH_IN_PROGRESS", null, _options.TokenRefreshWait);
            }

            await Task.Delay(LeasePoll, ct);
        }
    }

    private async Task<PortalAccess> RefreshAsync(PortalLink link, bool refusedOnce, CancellationToken ct)
    {
        HubSpotTokenResponse tokens;
        try
        {
            tokens = await _oauth.RefreshAsync(link.RefreshToken, ct);
        }
        catch (HubSpotAuthException refused) when (refused.IsInvalidGrant)
        {
            return await OnRefreshRefusedAsync(link, refused, refusedOnce, ct);
        }

        var now = _time.GetUtcNow();
        var refreshed = link with
        {
            AccessToken = tokens.AccessToken,
            RefreshToken = string.IsNullOrEmpty(tokens.RefreshToken) ? link.RefreshToken : tokens.RefreshToken,
            AccessTokenExpiresAt = now.AddSeconds(tokens.ExpiresIn),
            LastRefreshedAt = now,
        };

        try
        {
            var saved = await _links.SaveAsync(refreshed, ct);
            _logger.LogInformation("Refreshed the HubSpot access token of portal {PortalId} for tenant {TenantId}; valid until {ExpiresAt}",
                saved.PortalId, saved.TenantId, saved.AccessTokenExpiresAt);
            return new PortalAccess(saved.PortalId, saved.AccessToken);
        }
        catch (StorageConflictException)
        {
            // Another instance saved first. Its stored tokens win; ours stay valid for this call if the link is gone.
            var current = await _links.GetAsync(link.TenantId, ct);
            _logger.LogInformation("Tenant {TenantId}: another instance updated the portal link during refresh; using the stored token", link.TenantId);
            var usable = Usable(link.TenantId, current);
            return IsFresh(usable) ? new PortalAccess(usable.PortalId, usable.AccessToken) : new PortalAccess(refreshed.PortalId, refreshed.AccessToken);
        }
    }

    private async Task<PortalAccess> OnRefreshRefusedAsync(PortalLink link, HubSpotAuthException refused, bool refusedOnce, CancellationToken ct)
    {
        // Before calling the link broken, confirm nobody stored a newer refresh token while we used the old one (an
        // instance whose lease ran out mid-refresh, a relink): then the refusal was about a token that is no longer ours.
        var current = Usable(link.TenantId, await _links.GetAsync(link.TenantId, ct));
        if (!string.Equals(current.RefreshToken, link.RefreshToken, StringComparison.Ordinal))
        {
            _logger.LogInformation("Tenant {TenantId}: HubSpot refused a refresh token that another instance had already replaced; using the stored one", link.TenantId);
            if (IsFresh(current))
            {
                return new PortalAccess(current.PortalId, current.AccessToken);
            }

            if (!refusedOnce)
            {
                return await RefreshAsync(current, refusedOnce: true, ct);
            }
        }

        var reason = $"HubSpot refused the refresh token ({refused.OAuthStatus ?? refused.OAuthError}) at {_time.GetUtcNow():u}";
        _logger.LogWarning("Tenant {TenantId}: HubSpot refused the refresh token of portal {PortalId} (correlation {CorrelationId}); marking the link broken",
            link.TenantId, link.PortalId, refused.CorrelationId);
        try
        {
            var broken = await _links.SaveAsync(current with { State = PortalLinkState.Broken, BrokenReason = reason }, ct);
            await NotifyBrokenAsync(broken, ct);
        }
        catch (StorageConflictException)
        {
            // The link changed under us (relinked, or refreshed elsewhere): let the next call judge the new state.
            var latest = Usable(link.TenantId, await _links.GetAsync(link.TenantId, ct));
            if (IsFresh(latest))
            {
                return new PortalAccess(latest.PortalId, latest.AccessToken);
            }
        }

        throw new PortalLinkBrokenException(link.TenantId, reason);
    }

    private async Task NotifyBrokenAsync(PortalLink broken, CancellationToken ct)
    {
        foreach (var observer in _observers)
        {
            try
            {
                await observer.LinkBrokenAsync(broken, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A failed warning must not hide the broken link from the caller.
                _logger.LogWarning(e, "Could not announce the broken link of tenant {TenantId}", broken.TenantId);
            }
        }
    }

    private static PortalLink Usable(string tenantId, PortalLink? link) => link switch
    {
        null or { State: PortalLinkState.Pending } => throw new PortalNotLinkedException(tenantId),
        { State: PortalLinkState.Broken } => throw new PortalLinkBrokenException(tenantId, link.BrokenReason),
        _ => link,
    };

    private bool IsFresh(PortalLink link) => link.AccessTokenExpiresAt - _options.TokenRefreshMargin > _time.GetUtcNow();
}
