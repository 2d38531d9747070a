using System.Text.Json;
using Bot.Tests.Harness;
using HubSpotTeamsBot.HubSpot;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.HubSpot;

/// <summary>
/// The sandbox's raw answers for each operation the client uses carry the fields listed in the HubSpot reference
/// (docs/hubspot-api.md) and deserialize into the client's models with the same values.
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class HubSpotContractTests(AzuriteFixture azurite, SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private static readonly string[] FirstName = ["firstname"];

    private static T Read<T>(JsonElement json) => json.Deserialize<T>(HubSpotJson.Options)!;

    private static void HasFields(JsonElement json, params string[] names)
    {
        var missing = names.Where(name => !json.TryGetProperty(name, out _)).ToList();
        Assert.True(missing.Count == 0, $"Missing {string.Join(", ", missing)} in {json}");
    }

    private async Task<JsonElement> FormAsync(string path, Dictionary<string, string> fields, int expectedStatus = 200)
    {
        using var response = await sandbox.Host.PostFormAsync(path, fields);
        Assert.Equal(expectedStatus, (int)response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [Fact]
    public async Task Token_and_introspection_answers_match_the_models()
    {
        var code = (await sandbox.Host.AuthorizeAsync("approve", "new", SandboxHost.BotScopes, null, "s")).Code!;
        var tokenJson = await FormAsync("/oauth/2026-03/token", new()
        {
            ["grant_type"] = "authorization_code", ["client_id"] = SandboxHost.ClientId, ["client_secret"] = SandboxHost.ClientSecret,
            ["redirect_uri"] = SandboxHost.RedirectUri, ["code"] = code,
        });
        HasFields(tokenJson, "access_token", "expires_in", "refresh_token", "token_type", "token_use", "hub_id", "user_id", "scopes");
        var tokens = Read<HubSpotTokenResponse>(tokenJson);
        Assert.Equal(tokenJson.GetProperty("access_token").GetString(), tokens.AccessToken);
        Assert.Equal(tokenJson.GetProperty("expires_in").GetInt64(), tokens.ExpiresIn);
        Assert.Equal(tokenJson.GetProperty("hub_id").GetInt64(), tokens.HubId);

        var accessInfo = await FormAsync("/oauth/2026-03/token/introspect", new()
        {
            ["client_id"] = SandboxHost.ClientId, ["client_secret"] = SandboxHost.ClientSecret, ["token"] = tokens.AccessToken, ["token_type_hint"] = "access_token",
        });
        HasFields(accessInfo, "active", "app_id", "client_id", "expires_in", "hub_domain", "hub_id", "is_private_distribution", "scopes",
            "signed_access_token", "token", "token_type", "token_use", "user", "user_id");
        var access = Read<HubSpotTokenInfo>(accessInfo);
        Assert.Equal(tokens.HubId, access.HubId);
        Assert.Equal(accessInfo.GetProperty("hub_domain").GetString(), access.HubDomain);
        Assert.Equal(accessInfo.GetProperty("user").GetString(), access.User);

        var refreshInfo = await FormAsync("/oauth/2026-03/token/introspect", new()
        {
            ["client_id"] = SandboxHost.ClientId, ["client_secret"] = SandboxHost.ClientSecret, ["token"] = tokens.RefreshToken, ["token_type_hint"] = "refresh_token",
        });
        HasFields(refreshInfo, "active", "app_id", "client_id", "hub_domain", "hub_id", "scopes", "token", "token_type", "token_use", "user", "user_id");
        Assert.Equal("refresh_token", Read<HubSpotTokenInfo>(refreshInfo).TokenUse);
    }

    [Fact]
    public async Task Oauth_error_answer_has_the_rfc_and_legacy_fields_the_client_reads()
    {
        var json = await FormAsync("/oauth/2026-03/token", new()
        {
            ["grant_type"] = "refresh_token", ["client_id"] = SandboxHost.ClientId, ["client_secret"] = SandboxHost.ClientSecret, ["refresh_token"] = "unknown",
        }, expectedStatus: 400);

        HasFields(json, "error", "error_description", "status", "message");
        var error = Assert.IsType<HubSpotAuthException>(HubSpotErrors.FromBody(400, json.GetRawText(), null, null));
        Assert.True(error.IsInvalidGrant);
    }

    [Fact]
    public async Task Crm_object_search_owner_pipeline_property_and_account_answers_match_the_models()
    {
        await using var services = HubSpotServices.Build(azurite, sandbox.Portal.BaseUrl);
        var tenant = await sandbox.Portal.LinkNewTenantAsync(services, contacts: 5);
        var token = tenant.Link.AccessToken;
        var portal = sandbox.Portal;

        var created = await portal.RawAsync(HttpMethod.Post, "/crm/objects/2026-03/contacts", token,
            new { properties = new { email = $"k{Guid.NewGuid():N}@example.com", firstname = "Kay" }, associations = Array.Empty<object>() });
        HasFields(created, "id", "properties", "createdAt", "updatedAt", "archived");
        var contact = Read<CrmObject>(created);
        Assert.Equal(created.GetProperty("id").GetString(), contact.Id);
        Assert.Equal("Kay", contact["firstname"]);
        Assert.Equal(created.GetProperty("createdAt").GetDateTimeOffset(), contact.CreatedAt);

        var search = await portal.RawAsync(HttpMethod.Post, "/crm/objects/2026-03/contacts/search", token, new { limit = 1, properties = FirstName });
        HasFields(search, "total", "results", "paging");
        HasFields(search.GetProperty("paging").GetProperty("next"), "after");
        var page = Read<CrmCollectionResponse<CrmObject>>(search);
        Assert.Equal(search.GetProperty("total").GetInt64(), page.Total);
        Assert.Equal(search.GetProperty("paging").GetProperty("next").GetProperty("after").GetString(), page.Paging?.Next?.After);

        var owners = await portal.RawAsync(HttpMethod.Get, "/crm/owners/2026-03?limit=1", token);
        var ownerJson = owners.GetProperty("results")[0];
        HasFields(ownerJson, "id", "email", "firstName", "lastName", "userId", "userIdIncludingInactive", "type", "teams", "archived", "createdAt", "updatedAt");
        var owner = Read<HubSpotOwner>(ownerJson);
        Assert.Equal(ownerJson.GetProperty("email").GetString(), owner.Email);
        Assert.Equal(ownerJson.GetProperty("userId").GetInt64(), owner.UserId);

        var pipelines = await portal.RawAsync(HttpMethod.Get, "/crm/pipelines/2026-03/deals", token);
        var pipelineJson = pipelines.GetProperty("results")[0];
        HasFields(pipelineJson, "id", "label", "displayOrder", "stages", "archived");
        HasFields(pipelineJson.GetProperty("stages")[0], "id", "label", "displayOrder", "metadata", "writePermissions");
        HasFields(pipelineJson.GetProperty("stages")[0].GetProperty("metadata"), "probability");
        var pipeline = Read<DealPipeline>(pipelineJson);
        Assert.Equal(pipelineJson.GetProperty("stages").GetArrayLength(), pipeline.Stages.Count);
        Assert.Equal(pipelineJson.GetProperty("stages")[0].GetProperty("metadata").GetProperty("probability").GetString(), pipeline.Stages[0].Probability);

        var propertyJson = await portal.RawAsync(HttpMethod.Get, "/crm/properties/2026-03/contacts/hs_lead_status", token);
        HasFields(propertyJson, "name", "label", "type", "fieldType", "options", "hidden", "hubspotDefined", "calculated", "hasUniqueValue", "modificationMetadata");
        HasFields(propertyJson.GetProperty("modificationMetadata"), "readOnlyValue", "readOnlyDefinition", "archivable");
        HasFields(propertyJson.GetProperty("options")[0], "label", "value", "displayOrder", "hidden", "description");
        var property = Read<PropertyDefinition>(propertyJson);
        Assert.Equal(propertyJson.GetProperty("options").GetArrayLength(), property.Options.Count);
        Assert.Contains(property.Options, o => o.Hidden);

        var accountJson = await portal.RawAsync(HttpMethod.Get, "/account-info/2026-03/details", token);
        HasFields(accountJson, "portalId", "accountType", "timeZone", "companyCurrency", "additionalCurrencies", "utcOffset", "utcOffsetMilliseconds", "uiDomain", "dataHostingLocation");
        var account = Read<HubSpotAccountInfo>(accountJson);
        Assert.Equal(tenant.PortalId, account.PortalId);
        Assert.Equal(accountJson.GetProperty("dataHostingLocation").GetString(), account.DataHostingLocation);
    }

    [Fact]
    public async Task Error_answers_carry_category_correlation_id_and_details()
    {
        await using var services = HubSpotServices.Build(azurite, sandbox.Portal.BaseUrl);
        var tenant = await sandbox.Portal.LinkNewTenantAsync(services);
        using var api = sandbox.Host.ApiClient(tenant.Link.AccessToken);
        var email = $"e{Guid.NewGuid():N}@example.com";
        var body = new { properties = new { email }, associations = Array.Empty<object>() };
        (await api.PostAsync("/crm/objects/2026-03/contacts", System.Net.Http.Json.JsonContent.Create(body))).Dispose();

        using var conflict = await api.PostAsync("/crm/objects/2026-03/contacts", System.Net.Http.Json.JsonContent.Create(body));
        using var invalid = await api.PostAsync("/crm/objects/2026-03/contacts", System.Net.Http.Json.JsonContent.Create(new { properties = new { lifecyclestage = "nope" }, associations = Array.Empty<object>() }));
        var conflictJson = JsonDocument.Parse(await conflict.Content.ReadAsStringAsync()).RootElement;
        var invalidJson = JsonDocument.Parse(await invalid.Content.ReadAsStringAsync()).RootElement;

        HasFields(conflictJson, "category", "correlationId", "message");
        HasFields(invalidJson, "category", "correlationId", "message", "errors");
        HasFields(invalidJson.GetProperty("errors")[0], "message", "in");
        Assert.Equal(conflictJson.GetProperty("correlationId").GetString(), HubSpotErrors.HeaderCorrelationId(conflict));
        var parsed = Assert.IsType<HubSpotValidationException>(HubSpotErrors.FromBody(400, invalidJson.GetRawText(), null, null));
        Assert.Equal(invalidJson.GetProperty("correlationId").GetString(), parsed.CorrelationId);
        Assert.Contains("lifecyclestage", parsed.FieldErrors.Keys);
    }
}
