using HubSpotTeamsBot.BotFramework;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Identity;
using HubSpotTeamsBot.Storage;
using LinkRecord = HubSpotTeamsBot.Storage.PortalLink;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.Features.Linking;

public sealed record CallbackOutcome(bool Succeeded, string Title, string Message, string? VerificationCode = null);

public enum VerifyStatus { Linked, UnknownCode, WrongUser, TooManyAttempts }

public sealed record VerifyOutcome(VerifyStatus Status, LinkRecord? Link = null, LinkRecord? Replaced = null);

/// <summary>
/// The portal-link flow without the chat around it (docs/teams-protocol.md, "Sign-in sequence"; docs/hubspot-api.md,
/// "OAuth"): a single-use, expiring state
/// bound to tenant + admin + conversation; the callback exchanges the code, checks scopes and parks the tokens
/// (encrypted) behind a verification code; only the same admin presenting that code in Teams completes the link.
/// </summary>
public sealed class PortalLinker(
    PendingSignInStore pending,
    PortalLinkStore links,
    HubSpotOAuthClient oauth,
    PendingLinkProtector protector,
    IOptions<HubSpotOptions> hubspot,
    IOptions<BotOptions> bot,
    TimeProvider clock,
    IMemoryCache attempts,
    ILogger<PortalLinker> logger)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    /// <summary>Wrong codes one person may present within <see cref="AttemptWindow"/> before codes are not checked for them.</summary>
    public const int MaxWrongCodes = 5;

    public static readonly TimeSpan AttemptWindow = TimeSpan.FromMinutes(15);

    /// <summary>Starts a sign-in for <paramref name="admin"/> and returns the URL of our start page.</summary>
    public async Task<Uri> BeginAsync(TeamsIdentity admin, string conversationId, string serviceUrl, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var state = LinkStates.NewOAuthState(admin.TenantId);
        await pending.CreateAsync(new PendingSignIn
        {
            TenantId = admin.TenantId,
            State = state,
            RequestedByAadObjectId = admin.AadObjectId,
            RequestedByName = admin.Name,
            ConversationId = conversationId,
            ServiceUrl = serviceUrl,
            CreatedAt = now,
            ExpiresAt = now + Lifetime,
        }, ct);
        var baseUrl = bot.Value.PublicBaseUrl ?? throw new InvalidOperationException("Bot:PublicBaseUrl is not configured, so the sign-in page has no address.");
        return new Uri(new Uri(baseUrl.TrimEnd('/') + "/"), $"auth/hubspot/start?session={Uri.EscapeDataString(state)}&width=600&height=720");
    }

    public Uri AuthorizeUrl(string state) => oauth.BuildAuthorizeUrl(state);

    public async Task<CallbackOutcome> CompleteCallbackAsync(string? code, string? state, string? error, CancellationToken ct)
    {
        var tenantId = LinkStates.TenantOf(state);
        if (tenantId is null)
            return Failed("This sign-in link is incomplete", "Go back to Teams and send **connect** to me to start again.");

        var signIn = await pending.ConsumeAsync(tenantId, state!, ct);
        if (signIn is null)
            return Failed("This sign-in link has expired or was already used", "Sign-in links work once and for 10 minutes. Go back to Teams and send **connect** to start again.");

        if (error is not null)
        {
            return string.Equals(error, "access_denied", StringComparison.Ordinal)
                ? Failed("HubSpot was not connected", "You declined the permissions, so nothing was changed. Send **connect** in Teams whenever you want to try again.")
                : Failed("HubSpot was not connected", "HubSpot reported a problem with the sign-in, so nothing was changed. Send **connect** in Teams to try again.");
        }
        if (string.IsNullOrEmpty(code))
            return Failed("HubSpot was not connected", "HubSpot did not send an authorization code. Send **connect** in Teams to try again.");

        PendingLink link;
        try
        {
            var tokens = await oauth.ExchangeCodeAsync(code, ct: ct);
            var info = await oauth.IntrospectAsync(tokens.AccessToken, ct: ct);
            var missing = hubspot.Value.ScopeList.Except(info.Scopes ?? [], StringComparer.Ordinal).ToList();
            if (missing.Count > 0)
            {
                await TryRevokeAsync(tokens.RefreshToken, ct);
                return Failed("HubSpot was connected without the permissions the bot needs",
                    $"Missing: {string.Join(", ", missing)}. Nothing was stored. Send **connect** in Teams again and approve every permission (the installing HubSpot user must be a Super Admin).");
            }
            var account = await TryAccountInfoAsync(tokens.AccessToken, info.HubId, ct);
            link = PendingLinkProtector.From(tokens, info, account, clock.GetUtcNow());
        }
        catch (HubSpotException e)
        {
            logger.LogWarning("HubSpot refused the code exchange for tenant {TenantId}: {Status} {Category} (correlation {CorrelationId})", tenantId, e.StatusCode, e.Category, e.CorrelationId);
            return Failed("HubSpot was not connected", "HubSpot refused the sign-in, so nothing was stored. Send **connect** in Teams to try again.");
        }

        var verification = await ParkAsync(signIn, link, ct);
        return new CallbackOutcome(true, "Almost done", $"Finish in Teams: HubSpot portal {link.PortalId} ({link.HubDomain}) will be linked once Teams confirms it's you.", verification);
    }

    /// <summary>Completes the link when <paramref name="who"/> presents the code their own callback produced.</summary>
    public async Task<VerifyOutcome> VerifyAsync(TeamsIdentity who, string code, CancellationToken ct)
    {
        // Six digits can be guessed: after a few wrong ones, stop checking this person's codes for a while.
        var attemptKey = $"link-code-attempts|{who.TenantId}|{who.AadObjectId}";
        if (attempts.TryGetValue(attemptKey, out StrongBox<int>? wrong) && wrong!.Value >= MaxWrongCodes) return new(VerifyStatus.TooManyAttempts);
        var key = LinkStates.VerificationKey(code.Trim());
        // Look before using it up: a code presented by someone else stays valid for the admin it was issued to.
        var seen = await pending.PeekAsync(who.TenantId, key, ct);
        if (seen?.Data is null || !string.Equals(seen.RequestedByAadObjectId, who.AadObjectId, StringComparison.OrdinalIgnoreCase))
        {
            var counter = attempts.GetOrCreate(attemptKey, entry =>
            {
                entry.AbsoluteExpirationRelativeToNow = AttemptWindow;
                return new StrongBox<int>();
            })!;
            Interlocked.Increment(ref counter.Value);
            if (seen?.Data is null) return new(VerifyStatus.UnknownCode);
            logger.LogWarning("Tenant {TenantId}: a verification code was presented by someone other than the admin who signed in", who.TenantId);
            return new(VerifyStatus.WrongUser);
        }

        var parked = await pending.ConsumeAsync(who.TenantId, key, ct);
        if (parked?.Data is null) return new(VerifyStatus.UnknownCode);

        var found = protector.Unprotect(parked.Data);
        var previous = await links.GetAsync(who.TenantId, ct);
        var saved = await SaveAsync(who, found, ct);
        if (previous is not null && !string.Equals(previous.RefreshToken, found.RefreshToken, StringComparison.Ordinal))
            await TryRevokeAsync(previous.RefreshToken, ct);
        return new(VerifyStatus.Linked, saved, previous);
    }

    /// <summary>Revokes the refresh token at HubSpot (best effort) and forgets the link; returns what was removed.</summary>
    public async Task<(LinkRecord? Removed, bool Revoked)> DisconnectAsync(string tenantId, CancellationToken ct)
    {
        var link = await links.GetAsync(tenantId, ct);
        if (link is null) return (null, false);
        var revoked = await TryRevokeAsync(link.RefreshToken, ct);
        await links.DeleteAsync(tenantId, ct);
        return (link, revoked);
    }

    private async Task<LinkRecord> SaveAsync(TeamsIdentity who, PendingLink found, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var existing = await links.GetAsync(who.TenantId, ct);
            try
            {
                return await links.SaveAsync(new LinkRecord
                {
                    TenantId = who.TenantId,
                    PortalId = found.PortalId,
                    HubDomain = found.HubDomain,
                    UiDomain = found.UiDomain,
                    TimeZone = found.TimeZone,
                    Currency = found.Currency,
                    Scopes = found.Scopes,
                    LinkedByAadObjectId = who.AadObjectId,
                    LinkedByName = who.Name,
                    LinkedAt = clock.GetUtcNow(),
                    State = PortalLinkState.Linked,
                    AccessToken = found.AccessToken,
                    RefreshToken = found.RefreshToken,
                    AccessTokenExpiresAt = found.AccessTokenExpiresAt,
                    ETag = existing?.ETag,
                }, ct);
            }
            catch (StorageConflictException) when (attempt < 2)
            {
                // A token refresh of the old link raced us; read its new ETag and replace it anyway (the admin asked to).
            }
        }
    }

    private async Task<string> ParkAsync(PendingSignIn signIn, PendingLink link, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        for (var attempt = 0; ; attempt++)
        {
            var code = LinkStates.NewVerificationCode();
            try
            {
                await pending.CreateAsync(signIn with
                {
                    State = LinkStates.VerificationKey(code),
                    Data = protector.Protect(link),
                    CreatedAt = now,
                    ExpiresAt = now + Lifetime,
                }, ct);
                return code;
            }
            catch (StorageConflictException) when (attempt < 5)
            {
                // Two sign-ins drew the same six digits; draw again.
            }
        }
    }

    private async Task<HubSpotAccountInfo?> TryAccountInfoAsync(string accessToken, long? portalId, CancellationToken ct)
    {
        try
        {
            return await oauth.GetAccountInfoAsync(accessToken, portalId, ct);
        }
        catch (HubSpotException e)
        {
            // Account info only adds the UI domain, time zone and currency; the link works without it.
            logger.LogWarning("Could not read HubSpot account info: {Status} {Category}", e.StatusCode, e.Category);
            return null;
        }
    }

    private async Task<bool> TryRevokeAsync(string refreshToken, CancellationToken ct)
    {
        try
        {
            await oauth.RevokeAsync(refreshToken, ct);
            return true;
        }
        catch (HubSpotException e)
        {
            logger.LogWarning("Could not revoke a HubSpot refresh token: {Status} {Category}", e.StatusCode, e.Category);
            return false;
        }
    }

    private static CallbackOutcome Failed(string title, string message) => new(false, title, message);
}
