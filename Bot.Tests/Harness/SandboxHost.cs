extern alias Sandbox;

using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Harness;

/// <summary>
/// Runs the HubSpot sandbox in-process on Kestrel (loopback, free port). Exposes its base URL, an admin client for
/// the behaviour switches, and <see cref="ConnectPortalAsync"/>, which gets tokens through the real OAuth flow over HTTP.
/// One host per test class is the norm: behaviour switches are global to a host.
/// </summary>
public sealed partial class SandboxHost : IAsyncDisposable, IDisposable
{
    public const string ClientId = "sandbox-client-id";
    public const string ClientSecret = "sandbox-client-secret";
    public const string ApiVersion = "2026-03";
    public const long DemoPortalId = 20260301;
    public const long EuDemoPortalId = 20260302;
    public const string RedirectUri = "http://127.0.0.1/oauth-callback";

    /// <summary>The scopes the bot asks for (docs/hubspot-api.md, "Scopes").</summary>
    public const string BotScopes = "oauth crm.objects.contacts.read crm.objects.contacts.write crm.objects.deals.read crm.objects.deals.write crm.objects.owners.read";

    private readonly Factory factory;

    private SandboxHost(Factory factory, Uri baseUrl)
    {
        this.factory = factory;
        BaseUrl = baseUrl;
        Http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = baseUrl };
        Admin = new SandboxAdmin(Http);
    }

    public Uri BaseUrl { get; }

    /// <summary>Plain client on the sandbox (no redirects followed, no auth header).</summary>
    public HttpClient Http { get; }

    public SandboxAdmin Admin { get; }

    public Uri AuthorizeUrl => new(BaseUrl, "/oauth/authorize");

    /// <summary>Starts a sandbox. Settings use configuration keys, e.g. ["Sandbox:Seed:Contacts"] = "40".</summary>
    /// <param name="settings">Configuration overrides.</param>
    /// <param name="time">Replaces the sandbox clock (token expiry, rate-limit windows), e.g. a manual clock in tests.</param>
    public static SandboxHost Start(IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? time = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Sandbox:Seed:Contacts"] = "60",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        // The port comes from "urls" rather than UseKestrel(0): the factory's own port override edits the address list
        // after the app's entry point may already have started Kestrel, which fails now and then under load.
        all["urls"] = "http://127.0.0.1:0";
        var factory = new Factory(all, time);
        factory.UseKestrel();
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a)).First(a => a.Host is "127.0.0.1" or "localhost" or "[::1]");
        return new SandboxHost(factory, new Uri($"http://127.0.0.1:{address.Port}/"));
    }

    /// <summary>The bot's "HubSpot" configuration pointing at this sandbox (keys from the shared contracts).</summary>
    public IReadOnlyDictionary<string, string?> BotSettings(string redirectUri) => new Dictionary<string, string?>
    {
        ["HubSpot:ApiBaseUrl"] = BaseUrl.ToString().TrimEnd('/'),
        ["HubSpot:AuthorizeUrl"] = new Uri(BaseUrl, "/oauth/authorize").ToString(),
        ["HubSpot:ApiVersion"] = ApiVersion,
        ["HubSpot:ClientId"] = ClientId,
        ["HubSpot:ClientSecret"] = ClientSecret,
        ["HubSpot:RedirectUri"] = redirectUri,
    };

    /// <summary>An HttpClient that sends the bearer token (and no redirects).</summary>
    public HttpClient ApiClient(string accessToken)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = BaseUrl };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    /// <summary>
    /// Installs the app like a browser would: GET the consent page, POST approve, take the code from the redirect,
    /// exchange it at /oauth/{version}/token. <paramref name="portal"/> is a portal id or "new" (a fresh empty portal).
    /// </summary>
    public async Task<PortalTokens> ConnectPortalAsync(string portal = "new", string scopes = BotScopes, string? optionalScopes = null,
        string userEmail = "meganb@contoso.com", CancellationToken ct = default)
    {
        var code = await AuthorizeAsync("approve", portal, scopes, optionalScopes, "state-" + Guid.NewGuid().ToString("N"), userEmail, ct);
        return await ExchangeCodeAsync(code.Code!, ct);
    }

    /// <summary>Runs the consent page with the given decision and returns what the redirect carried.</summary>
    public async Task<AuthorizeRedirect> AuthorizeAsync(string decision, string portal, string scopes, string? optionalScopes, string state,
        string userEmail = "meganb@contoso.com", CancellationToken ct = default)
    {
        var query = $"client_id={Uri.EscapeDataString(ClientId)}&redirect_uri={Uri.EscapeDataString(RedirectUri)}&scope={Uri.EscapeDataString(scopes)}&state={Uri.EscapeDataString(state)}";
        if (optionalScopes is not null)
        {
            query += $"&optional_scope={Uri.EscapeDataString(optionalScopes)}";
        }

        return await ConsentAsync(new Uri(BaseUrl, $"/oauth/authorize?{query}"), decision, portal, userEmail, ct);
    }

    /// <summary>
    /// What a person does in the browser on the consent page at <paramref name="authorizeUrl"/> (any authorize URL,
    /// e.g. the one the bot's start page redirected to): open it, press approve or deny, and follow nothing further.
    /// </summary>
    public async Task<AuthorizeRedirect> ConsentAsync(Uri authorizeUrl, string decision = "approve", string portal = "20260301", string userEmail = "meganb@contoso.com", CancellationToken ct = default)
    {
        var page = await Http.GetStringAsync(authorizeUrl, ct);
        var requestId = RequestIdPattern().Match(page).Groups[1].Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["request_id"] = requestId,
            ["decision"] = decision,
            ["portal"] = portal,
            ["user_email"] = userEmail,
        });
        using var response = await Http.PostAsync(new Uri("/oauth/authorize/decision", UriKind.Relative), form, ct);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Consent returned {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        }

        var location = response.Headers.Location!;
        var parameters = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(location.Query);
        return new AuthorizeRedirect(location, parameters.GetValueOrDefault("code").FirstOrDefault(),
            parameters.GetValueOrDefault("state").FirstOrDefault(), parameters.GetValueOrDefault("error").FirstOrDefault());
    }

    public async Task<PortalTokens> ExchangeCodeAsync(string code, CancellationToken ct = default)
    {
        using var response = await PostFormAsync($"/oauth/{ApiVersion}/token", new()
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = ClientId,
            ["client_secret"] = ClientSecret,
            ["redirect_uri"] = RedirectUri,
            ["code"] = code,
        }, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Token exchange returned {(int)response.StatusCode}: {body}");
        }

        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        return new PortalTokens(root.GetProperty("hub_id").GetInt64(), root.GetProperty("access_token").GetString()!,
            root.GetProperty("refresh_token").GetString()!, root.GetProperty("expires_in").GetInt32(),
            root.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()!).ToList());
    }

    /// <summary>POSTs a form to the sandbox (token, introspect, revoke).</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string path, Dictionary<string, string> fields, CancellationToken ct = default)
    {
        using var content = new FormUrlEncodedContent(fields);
        return await Http.PostAsync(new Uri(path, UriKind.Relative), content, ct);
    }

    public void Dispose()
    {
        Http.Dispose();
        factory.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await factory.DisposeAsync();
    }

    [GeneratedRegex("name=\"request_id\" value=\"([^\"]+)\"")]
    private static partial Regex RequestIdPattern();

    private sealed class Factory(IReadOnlyDictionary<string, string?> settings, TimeProvider? time) : WebApplicationFactory<Sandbox::Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            if (time is not null)
            {
                builder.ConfigureServices(services => services.AddSingleton(time));
            }
        }
    }
}

/// <summary>Tokens from a completed install.</summary>
public sealed record PortalTokens(long PortalId, string AccessToken, string RefreshToken, int ExpiresIn, IReadOnlyList<string> Scopes)
{
    /// <summary>The link the bot stores after this install, made by <paramref name="linkedById"/> for <paramref name="tenantId"/>.</summary>
    public HubSpotTeamsBot.Storage.PortalLink LinkFor(string tenantId, string linkedById, string linkedByName) => new()
    {
        TenantId = tenantId,
        PortalId = PortalId,
        HubDomain = $"portal-{PortalId}.sandbox.hubspot.local",
        UiDomain = "app.hubspot.com",
        Scopes = Scopes,
        LinkedByAadObjectId = linkedById,
        LinkedByName = linkedByName,
        LinkedAt = DateTimeOffset.UtcNow,
        State = HubSpotTeamsBot.Storage.PortalLinkState.Linked,
        AccessToken = AccessToken,
        RefreshToken = RefreshToken,
        AccessTokenExpiresAt = DateTimeOffset.UtcNow.AddSeconds(ExpiresIn),
    };
}

/// <summary>Where the consent page sent the browser.</summary>
public sealed record AuthorizeRedirect(Uri Location, string? Code, string? State, string? Error);
