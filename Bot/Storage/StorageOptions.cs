using System.ComponentModel.DataAnnotations;

namespace HubSpotTeamsBot.Storage;

/// <summary>Settings under "Storage".</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>The local development account (Azurite): the default connection string, refused in Production.</summary>
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    /// <summary>Storage account connection string (tables, queues, blobs); the default is the local development account
    /// (Azurite). Ignored when the endpoints below are set.</summary>
    public string? ConnectionString { get; set; } = DevelopmentStorage;

    /// <summary>Table service endpoint, e.g. https://&lt;account&gt;.table.core.windows.net/. With the queue and blob
    /// endpoints set, the account is reached with a managed identity token instead of an account key.</summary>
    public Uri? TableEndpoint { get; set; }

    /// <summary>Queue service endpoint, e.g. https://&lt;account&gt;.queue.core.windows.net/.</summary>
    public Uri? QueueEndpoint { get; set; }

    /// <summary>Blob service endpoint, e.g. https://&lt;account&gt;.blob.core.windows.net/.</summary>
    public Uri? BlobEndpoint { get; set; }

    /// <summary>True when the account is reached through its endpoints with a token (managed identity) rather than a key.</summary>
    public bool UsesEndpoints => TableEndpoint is not null || QueueEndpoint is not null || BlobEndpoint is not null;

    /// <summary>Prepended to every table name, so tests or several deployments can share one account.</summary>
    [RegularExpression("^([A-Za-z][A-Za-z0-9]{0,29})?$", ErrorMessage = "Storage:TablePrefix must be letters and digits, starting with a letter, at most 30 characters.")]
    public string TablePrefix { get; set; } = "";

    /// <summary>
    /// Key Vault key that should wrap the Data Protection key ring. Wrapping needs the package
    /// Azure.Extensions.AspNetCore.DataProtection.Keys, which this build cannot restore, so a value here is
    /// refused at start rather than silently ignored.
    /// </summary>
    public string? KeyVaultKeyId { get; set; }

    /// <summary>How long one storage request may take before it counts as a failure.</summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Retries after a failed request; kept small so an outage gives a prompt error instead of a long hang.</summary>
    [Range(0, 5)]
    public int MaxRetries { get; set; } = 2;

    /// <summary>The /healthz storage probe gives up after this long.</summary>
    public TimeSpan HealthCheckTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long the reads every turn makes (role grants, the portal link) are served from memory. Another
    /// instance's change (a revoked role, a disconnect) shows here after at most this long; 0 turns it off.</summary>
    public TimeSpan RecentReadTtl { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a completed idempotency record answers repeats.</summary>
    public TimeSpan IdempotencyTtl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a claim without a result blocks repeats; after that a crashed attempt may be retried.</summary>
    public TimeSpan IdempotencyClaimTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
