using System.Collections.Concurrent;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.HubSpot;

/// <summary>
/// Hands out a valid access token for a tenant's linked portal. Tokens are refreshed ahead of expiry, one refresh at a
/// time per tenant in this process (a semaphore) and across instances (the link's ETag: the loser of a save race
/// re-reads and uses the winner's token). Whatever refresh token HubSpot returns is stored, in case it rotates them.
/// </summary>
public sealed class PortalTokenProvider
{
    private readonly PortalLinkStore _links;
    private readonly HubSpotOAuthClient _oauth;
    private readonly HubSpotOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<PortalTokenProvider> _logger;
    private readonly IEnumerable<IPortalLinkObserver> _observers;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _refreshGates = new(StringComparer.Ordinal);

    public PortalTokenProvider(PortalLinkStore links, HubSpotOAuthClient oauth, IOptions<HubSpotOptions> options, TimeProvider time,
        ILogger<PortalTokenProvider> logger, IEnumerable<IPortalLinkObserver>? observers = null)
    {
        _observers = observers ?? [];
        ArgumentNullException.ThrowIfNull(options);
        _links = links;
        _oauth = oauth;
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
            // Whoever held the gate before us has probably refreshed already.
            link = Usable(tenantId, await _links.GetAsync(tenantId, ct));
            return IsFresh(link) ? new PortalAccess(link.PortalId, link.AccessToken) : await RefreshAsync(link, ct);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<PortalAccess> RefreshAsync(PortalLink link, CancellationToken ct)
    {
        HubSpotTokenResponse tokens;
        try
        {
            tokens = await _oauth.RefreshAsync(link.RefreshToken, ct);
        }
        catch (HubSpotAuthException refused) when (refused.IsInvalidGrant)
        {
            return await OnRefreshRefusedAsync(link, refused, ct);
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

    private async Task<PortalAccess> OnRefreshRefusedAsync(PortalLink link, HubSpotAuthException refused, CancellationToken ct)
    {
        // Another instance may have refreshed (and rotated the refresh token) while we used the old one.
        var current = Usable(link.TenantId, await _links.GetAsync(link.TenantId, ct));
        if (!string.Equals(current.RefreshToken, link.RefreshToken, StringComparison.Ordinal) && IsFresh(current))
        {
            return new PortalAccess(current.PortalId, current.AccessToken);
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
