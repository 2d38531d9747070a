namespace HubSpotTeamsBot.HubSpot;

/// <summary>Settings of the <c>HubSpot</c> configuration section; validated at start by <see cref="HubSpotOptionsValidator"/>.</summary>
public sealed class HubSpotOptions
{
    public const string SectionName = "HubSpot";

    public string ApiBaseUrl { get; set; } = "https://api.hubapi.com";

    public string AuthorizeUrl { get; set; } = "https://app.hubspot.com/oauth/authorize";

    /// <summary>HubSpot's date version used in every path (e.g. <c>/crm/objects/2026-03/contacts</c>).</summary>
    public string ApiVersion { get; set; } = "2026-03";

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    public string? RedirectUri { get; set; }

    /// <summary>Required scopes, separated by spaces or commas.</summary>
    public string Scopes { get; set; } =
        "oauth crm.objects.contacts.read crm.objects.contacts.write crm.objects.deals.read crm.objects.deals.write crm.objects.owners.read";

    /// <summary>Optional scopes, separated by spaces or commas.</summary>
    public string? OptionalScopes { get; set; }

    public int RequestsPer10Seconds { get; set; } = 100;

    public int SearchRequestsPerSecond { get; set; } = 5;

    /// <summary>Whether every instance draws on one per-portal budget kept in Table storage (<see cref="SharedRateBudget"/>);
    /// off, each instance keeps the limits on its own (right for exactly one instance, and for storage-free tests).</summary>
    public bool SharedRateLimits { get; set; } = true;

    /// <summary>Budget for one client call including retries; must fit Teams' invoke budget (~4-5 s).</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Budget for one HTTP attempt inside <see cref="CallTimeout"/>.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Retries after the first attempt (so at most MaxRetryAttempts + 1 requests per call).</summary>
    public int MaxRetryAttempts { get; set; } = 2;

    /// <summary>Base delay of the exponential backoff between retries.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>A 429 or 423 asking for a longer pause than this is not retried but reported to the caller.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a call may wait for the per-portal rate limiter before it fails as rate limited.</summary>
    /// <remarks>Longer than the search limiter's window (1 s plus two safety segments), so a person who searches again at
    /// once waits for the next slot instead of being told HubSpot is busy.</remarks>
    public TimeSpan RateLimitWait { get; set; } = TimeSpan.FromSeconds(1.5);

    /// <summary>Access tokens closer than this to expiry are refreshed before use.</summary>
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one instance may hold the shared lease on refreshing a tenant's token; a holder that dies
    /// frees it after this long. Never less than <see cref="CallTimeout"/> plus a few seconds (see <see cref="RefreshLeaseDuration"/>).</summary>
    public TimeSpan TokenRefreshLease { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a caller whose token has expired waits for another instance's refresh before giving up.</summary>
    public TimeSpan TokenRefreshWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long owners, pipelines and property definitions are cached per portal.</summary>
    public TimeSpan MetadataCacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The refresh lease actually taken: a lease that ran out while the refresh call it covers (bounded by
    /// <see cref="CallTimeout"/>) and the save after it were still going would let a second instance refresh too.</summary>
    internal TimeSpan RefreshLeaseDuration => TokenRefreshLease > CallTimeout + TimeSpan.FromSeconds(5) ? TokenRefreshLease : CallTimeout + TimeSpan.FromSeconds(5);

    internal Uri ApiBaseUri => new(ApiBaseUrl.EndsWith('/') ? ApiBaseUrl : ApiBaseUrl + "/", UriKind.Absolute);

    internal IReadOnlyList<string> ScopeList => SplitScopes(Scopes);

    internal IReadOnlyList<string> OptionalScopeList => SplitScopes(OptionalScopes);

    /// <summary>Client id and secret are only needed for OAuth calls, so they are checked when one is made.</summary>
    internal (string ClientId, string ClientSecret) RequireClientCredentials()
    {
        if (string.IsNullOrWhiteSpace(ClientId))
        {
            throw new InvalidOperationException($"{SectionName}:ClientId is not configured; set it to the client id of the HubSpot app.");
        }

        if (string.IsNullOrWhiteSpace(ClientSecret))
        {
            throw new InvalidOperationException($"{SectionName}:ClientSecret is not configured; set it to the client secret of the HubSpot app.");
        }

        return (ClientId, ClientSecret);
    }

    internal string RequireRedirectUri() =>
        string.IsNullOrWhiteSpace(RedirectUri)
            ? throw new InvalidOperationException($"{SectionName}:RedirectUri is not configured; set it to the bot's OAuth callback URL.")
            : RedirectUri;

    private static string[] SplitScopes(string? scopes) =>
        (scopes ?? string.Empty).Split([' ', ',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
