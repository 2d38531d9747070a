using System.ComponentModel.DataAnnotations;

namespace HubSpotSandbox.Options;

/// <summary>Settings of the sandbox, bound from the "Sandbox" configuration section.</summary>
public sealed class SandboxOptions
{
    public const string Section = "Sandbox";

    /// <summary>The date version used in every API path (e.g. /crm/objects/2026-03/contacts).</summary>
    [Required, RegularExpression(@"^[A-Za-z0-9.\-]+$")]
    public string ApiVersion { get; set; } = "2026-03";

    [Required]
    public string ClientId { get; set; } = "sandbox-client-id";

    [Required]
    public string ClientSecret { get; set; } = "sandbox-client-secret";

    [Range(1, long.MaxValue)]
    public long AppId { get; set; } = 4242001;

    public string AppName { get; set; } = "HubSpot Teams Bot (development)";

    /// <summary>
    /// The HubSpot user this browser is signed in as. HubSpot's consent page shows the person already logged in to
    /// HubSpot; the sandbox has no login, so the local run names the Playground's own user here and the consent page
    /// shows them, not another of the portal's users. Unset: the portal's first user.
    /// </summary>
    public string? SignedInEmail { get; set; }

    /// <summary>Scopes the app may request. An authorize request asking for anything else is refused.</summary>
    public List<string> AppScopes { get; set; } =
    [
        "oauth",
        "crm.objects.contacts.read", "crm.objects.contacts.write",
        "crm.objects.deals.read", "crm.objects.deals.write",
        "crm.objects.companies.read", "crm.objects.companies.write",
        "crm.objects.owners.read",
        "crm.schemas.contacts.read", "crm.schemas.deals.read",
        "sales-email-read",
    ];

    /// <summary>Allowed redirect URIs; empty means any absolute http(s) URI (development convenience).</summary>
    public List<string> RedirectUris { get; set; } = [];

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan AuthorizationCodeLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>HubSpot's rotation behaviour is unverified; off returns the same refresh token on refresh.</summary>
    public bool RotateRefreshTokens { get; set; }

    [Required]
    public SeedOptions Seed { get; set; } = new();

    [Required]
    public BehaviourOptions Behaviour { get; set; } = new();

    [Required]
    public RateLimitOptions RateLimits { get; set; } = new();

    /// <summary>Signed webhook batches for every write, when a target URL is set.</summary>
    public HubSpotSandbox.Webhooks.WebhookSettings Webhooks { get; set; } = new();
}

/// <summary>Size and shape of the seeded demo portals.</summary>
public sealed class SeedOptions
{
    [Range(0, 1_000_000)]
    public int Contacts { get; set; } = 300;

    /// <summary>Deals in the demo portal; null means half the contacts.</summary>
    [Range(0, 1_000_000)]
    public int? Deals { get; set; }

    /// <summary>Fixed so that tests can rely on generated names.</summary>
    public int RandomSeed { get; set; } = 20260330;

    [Range(1, long.MaxValue)]
    public long DemoPortalId { get; set; } = 20260301;

    [Range(1, long.MaxValue)]
    public long EuDemoPortalId { get; set; } = 20260302;
}

/// <summary>Behaviour switches at start; changeable at run time through POST /_sandbox/behaviour.</summary>
public sealed class BehaviourOptions
{
    [Range(0, 60_000)]
    public int LatencyMs { get; set; }

    [Range(0.0, 1.0)]
    public double ErrorRate { get; set; }

    [Range(500, 599)]
    public int ErrorStatusCode { get; set; } = 502;

    [Range(0, int.MaxValue)]
    public int Force429Count { get; set; }

    public bool EnforceRateLimits { get; set; }
}

/// <summary>HubSpot's published limits for a privately distributed app (docs/hubspot-api.md, "Rate limits").</summary>
public sealed class RateLimitOptions
{
    [Range(1, 100_000)]
    public int RequestsPer10Seconds { get; set; } = 100;

    [Range(1, 10_000)]
    public int SearchRequestsPerSecond { get; set; } = 5;
}
