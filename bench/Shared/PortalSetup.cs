using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bench.Shared;

/// <summary>
/// Links the bot's tenant to the sandbox's demo portal the way an admin's connect would end: tokens from the
/// sandbox's real OAuth flow (consent page → code → token exchange), then the PortalLink and the users' role grants
/// written through the bot's own storage code into the same Azurite (the data-protection key ring lives there too,
/// so the bot process decrypts the tokens). Done before the bot starts.
/// </summary>
internal static partial class PortalSetup
{
    private const string ClientId = "sandbox-client-id";
    private const string ClientSecret = "sandbox-client-secret";
    private const string RedirectUri = "http://127.0.0.1/oauth-callback";
    private const string Scopes = "oauth crm.objects.contacts.read crm.objects.contacts.write crm.objects.deals.read crm.objects.deals.write crm.objects.owners.read";

    public static async Task<long> LinkAsync(Uri sandbox, string storageConnectionString, string tenantId, long portalId, IEnumerable<(string AadObjectId, string Name)> viewers)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = sandbox };
        var page = await http.GetStringAsync(new Uri($"/oauth/authorize?client_id={ClientId}&redirect_uri={Uri.EscapeDataString(RedirectUri)}&scope={Uri.EscapeDataString(Scopes)}&state=bench", UriKind.Relative));
        using var decision = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["request_id"] = RequestId().Match(page).Groups[1].Value,
            ["decision"] = "approve",
            ["portal"] = portalId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["user_email"] = "meganb@contoso.com",
        });
        using var redirect = await http.PostAsync(new Uri("/oauth/authorize/decision", UriKind.Relative), decision);
        if (redirect.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"Sandbox consent answered {(int)redirect.StatusCode}.");
        var code = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(redirect.Headers.Location!.Query)["code"].ToString();

        using var exchange = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["client_id"] = ClientId, ["client_secret"] = ClientSecret, ["redirect_uri"] = RedirectUri, ["code"] = code,
        });
        using var tokenResponse = await http.PostAsync(new Uri("/oauth/2026-03/token", UriKind.Relative), exchange);
        using var tokens = JsonDocument.Parse(await tokenResponse.Content.ReadAsStringAsync());
        var root = tokens.RootElement;

        var services = new ServiceCollection().AddLogging();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:ConnectionString"] = storageConnectionString }).Build();
        services.AddBotStorage(configuration);
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<PortalLinkStore>().SaveAsync(new PortalLink
        {
            TenantId = tenantId,
            PortalId = root.GetProperty("hub_id").GetInt64(),
            HubDomain = "bench.sandbox.hubspot.local",
            UiDomain = "app.hubspot.com",
            Scopes = root.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()!).ToList(),
            LinkedByAadObjectId = Guid.NewGuid().ToString(),
            LinkedByName = "Bench admin",
            LinkedAt = DateTimeOffset.UtcNow,
            State = PortalLinkState.Linked,
            AccessToken = root.GetProperty("access_token").GetString()!,
            RefreshToken = root.GetProperty("refresh_token").GetString()!,
            AccessTokenExpiresAt = DateTimeOffset.UtcNow.AddSeconds(root.GetProperty("expires_in").GetInt32()),
        });

        // Direct grants (no default role is relied on); the bot still asks Graph once per person whether they are a
        // guest, which CrmBackend's Graph stand-in answers.
        var roles = provider.GetRequiredService<RoleAssignmentStore>();
        foreach (var (id, name) in viewers)
        {
            await roles.SaveAsync(new RoleAssignment
            {
                TenantId = tenantId, PrincipalId = id, Kind = PrincipalKind.User, DisplayName = name, Role = "Viewer",
                GrantedByAadObjectId = "bench", GrantedByName = "Bench", GrantedAt = DateTimeOffset.UtcNow,
            });
        }
        return root.GetProperty("hub_id").GetInt64();
    }

    [GeneratedRegex("name=\"request_id\" value=\"([^\"]+)\"")]
    private static partial Regex RequestId();
}
