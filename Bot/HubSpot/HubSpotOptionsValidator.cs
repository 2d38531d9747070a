using System.Globalization;
using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.HubSpot;

/// <summary>Checks the HubSpot section at start and names the offending key in each failure.</summary>
public sealed class HubSpotOptionsValidator : IValidateOptions<HubSpotOptions>
{
    private const string Section = HubSpotOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, HubSpotOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (!IsHttpUrl(options.ApiBaseUrl))
        {
            failures.Add($"{Section}:ApiBaseUrl must be an absolute http(s) URL (got '{options.ApiBaseUrl}').");
        }

        if (!IsHttpUrl(options.AuthorizeUrl))
        {
            failures.Add($"{Section}:AuthorizeUrl must be an absolute http(s) URL (got '{options.AuthorizeUrl}').");
        }

        if (!DateTime.TryParseExact(options.ApiVersion, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            failures.Add($"{Section}:ApiVersion must look like yyyy-MM, e.g. 2026-03 (got '{options.ApiVersion}').");
        }

        // Either both OAuth credentials or neither: a half-configured app fails late and confusingly.
        var hasId = !string.IsNullOrWhiteSpace(options.ClientId);
        var hasSecret = !string.IsNullOrWhiteSpace(options.ClientSecret);
        if (hasId && !hasSecret)
        {
            failures.Add($"{Section}:ClientSecret is required when {Section}:ClientId is set.");
        }

        if (hasSecret && !hasId)
        {
            failures.Add($"{Section}:ClientId is required when {Section}:ClientSecret is set: set {Section}__ClientId to the HubSpot app's client id (deploy.ps1 -HubSpotClientId).");
        }

        if (!string.IsNullOrWhiteSpace(options.RedirectUri) && !IsHttpUrl(options.RedirectUri))
        {
            failures.Add($"{Section}:RedirectUri must be an absolute http(s) URL (got '{options.RedirectUri}').");
        }

        if (options.ScopeList.Count == 0)
        {
            failures.Add($"{Section}:Scopes must list at least one scope.");
        }

        Positive(options.RequestsPer10Seconds, "RequestsPer10Seconds", failures);
        Positive(options.SearchRequestsPerSecond, "SearchRequestsPerSecond", failures);
        Positive(options.CallTimeout, "CallTimeout", failures);
        Positive(options.AttemptTimeout, "AttemptTimeout", failures);
        Positive(options.RateLimitWait, "RateLimitWait", failures);
        Positive(options.MetadataCacheDuration, "MetadataCacheDuration", failures);
        if (options.AttemptTimeout > options.CallTimeout)
        {
            failures.Add($"{Section}:AttemptTimeout ({options.AttemptTimeout}) must not exceed {Section}:CallTimeout ({options.CallTimeout}).");
        }

        if (options.RateLimitWait >= options.AttemptTimeout)
        {
            failures.Add($"{Section}:RateLimitWait ({options.RateLimitWait}) must be shorter than {Section}:AttemptTimeout ({options.AttemptTimeout}): the wait for a slot happens inside each attempt.");
        }

        if (options.MaxRetryAttempts is < 0 or > 10)
        {
            failures.Add($"{Section}:MaxRetryAttempts must be between 0 and 10.");
        }

        Positive(options.TokenRefreshWait, "TokenRefreshWait", failures);
        Positive(options.TokenRefreshLease, "TokenRefreshLease", failures);
        if (options.TokenRefreshMargin < TimeSpan.Zero)
        {
            failures.Add($"{Section}:TokenRefreshMargin must not be negative.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    private static void Positive(int value, string key, List<string> failures)
    {
        if (value <= 0)
        {
            failures.Add($"{Section}:{key} must be greater than zero.");
        }
    }

    private static void Positive(TimeSpan value, string key, List<string> failures)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:{key} must be greater than zero.");
        }
    }
}
