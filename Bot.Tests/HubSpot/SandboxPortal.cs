using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Web;
using Bot.Tests.Harness;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.HubSpot;

/// <summary>
/// Drives the sandbox the way an admin and the bot would: creates a test account, runs the OAuth install through the
/// consent page with the bot's own OAuth client, and stores the resulting portal link. Also reads the sandbox's
/// request statistics and flips its behaviour switches.
/// </summary>
internal sealed partial class SandboxPortal(SandboxHost host)
{
    private HttpClient Http => host.Http;

    public Uri BaseUrl => host.BaseUrl;

    public SandboxAdmin Admin => host.Admin;

    public async Task<long> CreatePortalAsync(int contacts = 0)
    {
        using var response = await Http.PostAsJsonAsync(new Uri(BaseUrl, "/_sandbox/portals"), new { contacts, deals = 0 });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("portalId").GetInt64();
    }

    /// <summary>Runs authorize → consent → callback code → token exchange with the bot's OAuth client.</summary>
    public async Task<HubSpotTokenResponse> InstallAsync(HubSpotOAuthClient oauth, long portalId, IEnumerable<string>? scopes = null)
    {
        var state = Guid.NewGuid().ToString("N");
        var authorize = oauth.BuildAuthorizeUrl(state, scopes, portalId: portalId);
        var consent = await Http.GetStringAsync(new Uri(BaseUrl, authorize.PathAndQuery));
        var requestId = RequestIdField().Match(consent) is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException("The sandbox consent page has no request_id: " + consent);

        using var decision = await Http.PostAsync(new Uri(BaseUrl, "/oauth/authorize/decision"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["request_id"] = WebUtility.HtmlDecode(requestId),
            ["decision"] = "approve",
            ["portal"] = portalId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));
        Assert.Equal(HttpStatusCode.Redirect, decision.StatusCode);
        var callback = HttpUtility.ParseQueryString(decision.Headers.Location!.Query);
        Assert.Equal(state, callback["state"]);
        return await oauth.ExchangeCodeAsync(callback["code"]!);
    }

    /// <summary>Installs into a fresh account and stores the link for a fresh tenant, as the link feature will.</summary>
    public async Task<LinkedTenant> LinkNewTenantAsync(IServiceProvider services, IEnumerable<string>? scopes = null, int contacts = 0)
    {
        var portalId = await CreatePortalAsync(contacts);
        var oauth = services.GetRequiredService<HubSpotOAuthClient>();
        var tokens = await InstallAsync(oauth, portalId, scopes);
        SuiteLogs.Secrets.Add(tokens.AccessToken);
        SuiteLogs.Secrets.Add(tokens.RefreshToken);
        var info = await oauth.IntrospectAsync(tokens.AccessToken);
        var account = await oauth.GetAccountInfoAsync(tokens.AccessToken);
        var tenantId = HubSpotServices.NewTenantId();
        var link = await services.GetRequiredService<PortalLinkStore>().SaveAsync(new PortalLink
        {
            TenantId = tenantId,
            PortalId = info.HubId!.Value,
            HubDomain = info.HubDomain!,
            UiDomain = account.UiDomain,
            TimeZone = account.TimeZone,
            Currency = account.CompanyCurrency,
            Scopes = info.Scopes ?? [],
            LinkedByAadObjectId = "admin-" + tenantId,
            LinkedAt = DateTimeOffset.UtcNow,
            State = PortalLinkState.Linked,
            AccessToken = tokens.AccessToken,
            RefreshToken = tokens.RefreshToken,
            AccessTokenExpiresAt = DateTimeOffset.UtcNow.AddSeconds(tokens.ExpiresIn),
        });
        return new LinkedTenant(tenantId, portalId, link);
    }

    /// <summary>Makes the stored access token look expired so the next call must refresh.</summary>
    public static async Task ExpireStoredTokenAsync(IServiceProvider services, string tenantId)
    {
        var store = services.GetRequiredService<PortalLinkStore>();
        var link = (await store.GetAsync(tenantId))!;
        await store.SaveAsync(link with { AccessTokenExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1) });
    }

    public Task<SandboxStats> StatsAsync(long portalId) => Admin.GetStatsAsync(portalId);

    /// <summary>A raw authenticated GET/POST for contract tests: the JSON exactly as the sandbox sent it.</summary>
    public async Task<JsonElement> RawAsync(HttpMethod method, string path, string accessToken, object? body = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(BaseUrl, path));
        request.Headers.Authorization = new("Bearer", accessToken);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [GeneratedRegex("name=\"request_id\" value=\"([^\"]+)\"")]
    private static partial Regex RequestIdField();
}

internal sealed record LinkedTenant(string TenantId, long PortalId, PortalLink Link);
