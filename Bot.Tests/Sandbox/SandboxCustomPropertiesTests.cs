using System.Globalization;
using System.Net;
using System.Text.Json;
using Bot.Tests.Harness;

namespace Bot.Tests.Sandbox;

/// <summary>Per-portal custom properties: listed like built-in ones, enforced on writes, and their options changeable at runtime.</summary>
public sealed class SandboxCustomPropertiesTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private const string V = SandboxHost.ApiVersion;
    private readonly SandboxHost host = fixture.Host;

    [Fact]
    public async Task Seeded_portals_have_different_custom_properties()
    {
        var demo = await NamesAsync(SandboxHost.DemoPortalId.ToString(CultureInfo.InvariantCulture), "contacts");
        var eu = await NamesAsync(SandboxHost.EuDemoPortalId.ToString(CultureInfo.InvariantCulture), "contacts");
        var plain = await NamesAsync("new", "contacts");
        Assert.Contains("region", demo);
        Assert.DoesNotContain("preferred_language", demo);
        Assert.Contains("preferred_language", eu);
        Assert.DoesNotContain("region", eu);
        Assert.DoesNotContain("region", plain);
        Assert.Contains("email", plain);
    }

    [Fact]
    public async Task Custom_properties_are_listed_with_type_options_and_not_hubspot_defined()
    {
        var (api, _) = await FullPortalAsync();
        using (api)
        {
            var (_, all) = await Json.SendAsync(api, HttpMethod.Get, $"/crm/properties/{V}/contacts");
            var byName = all.GetProperty("results").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
            Assert.Equal("enumeration", byName["region"].GetProperty("type").GetString());
            Assert.Equal("select", byName["region"].GetProperty("fieldType").GetString());
            Assert.False(byName["region"].GetProperty("hubspotDefined").GetBoolean());
            Assert.Equal("number", byName["employee_count"].GetProperty("type").GetString());
            Assert.Equal("date", byName["first_contact_date"].GetProperty("type").GetString());
            Assert.Equal("checkbox", byName["interests"].GetProperty("fieldType").GetString());
            Assert.Contains(byName["lead_source"].GetProperty("options").EnumerateArray(), o => o.GetProperty("value").GetString() == "trade_show");
        }
    }

    [Fact]
    public async Task Writes_are_checked_against_custom_properties_and_each_error_names_its_property()
    {
        var (api, _) = await FullPortalAsync();
        using (api)
        {
            var (missing, missingBody) = await Json.SendAsync(api, HttpMethod.Post, $"/crm/objects/{V}/contacts",
                new { properties = new { email = "req@example.com" } });
            Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
            Assert.Equal("lead_source", ErrorIn(missingBody, "MISSING_REQUIRED_PROPERTY"));

            var (bad, badBody) = await Json.SendAsync(api, HttpMethod.Post, $"/crm/objects/{V}/contacts", new
            {
                properties = new Dictionary<string, string>
                {
                    ["email"] = "bad@example.com", ["lead_source"] = "billboard", ["employee_count"] = "many",
                    ["first_contact_date"] = "yesterday", ["shoe_size"] = "9",
                },
            });
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Equal("VALIDATION_ERROR", badBody.GetProperty("category").GetString());
            Assert.Equal("lead_source", ErrorIn(badBody, "INVALID_OPTION"));
            Assert.Equal("employee_count", ErrorIn(badBody, "INVALID_NUMBER"));
            Assert.Equal("first_contact_date", ErrorIn(badBody, "INVALID_DATE"));
            Assert.Equal("shoe_size", ErrorIn(badBody, "PROPERTY_DOESNT_EXIST"));

            var (ok, created) = await Json.SendAsync(api, HttpMethod.Post, $"/crm/objects/{V}/contacts", new
            {
                properties = new Dictionary<string, string>
                {
                    ["email"] = "good@example.com", ["lead_source"] = "referral", ["employee_count"] = "250",
                    ["first_contact_date"] = "2026-03-04", ["interests"] = "hardware;training",
                },
            });
            Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
            var id = created.GetProperty("id").GetString();
            var (_, read) = await Json.SendAsync(api, HttpMethod.Get, $"/crm/objects/{V}/contacts/{id}?properties=lead_source,employee_count,first_contact_date,interests");
            Assert.Equal("referral", read.Prop("lead_source"));
            Assert.Equal("250", read.Prop("employee_count"));
            Assert.Equal("2026-03-04", read.Prop("first_contact_date"));
            Assert.Equal("hardware;training", read.Prop("interests"));
        }
    }

    [Fact]
    public async Task Changed_options_are_listed_and_enforced_at_once()
    {
        var (api, portalId) = await FullPortalAsync();
        using (api)
        {
            await host.Admin.ReplaceOptionsAsync(portalId, "contacts", "region", [("Northern Europe", "northern_europe"), ("Asia Pacific", "apac")]);
            var (_, region) = await Json.SendAsync(api, HttpMethod.Get, $"/crm/properties/{V}/contacts/region");
            Assert.Equal(["northern_europe", "apac"], region.GetProperty("options").EnumerateArray().Select(o => o.GetProperty("value").GetString()));

            var (old, oldBody) = await Json.SendAsync(api, HttpMethod.Post, $"/crm/objects/{V}/contacts",
                new { properties = new { email = "old@example.com", lead_source = "website", region = "north" } });
            Assert.Equal(HttpStatusCode.BadRequest, old.StatusCode);
            Assert.Equal("region", ErrorIn(oldBody, "INVALID_OPTION"));
            var (fresh, _) = await Json.SendAsync(api, HttpMethod.Post, $"/crm/objects/{V}/contacts",
                new { properties = new { email = "new@example.com", lead_source = "website", region = "apac" } });
            Assert.Equal(HttpStatusCode.Created, fresh.StatusCode);
        }
    }

    [Fact]
    public async Task Changing_options_of_a_property_that_is_no_enumeration_or_with_bad_options_is_refused()
    {
        var portalId = await host.Admin.CreatePortalAsync("full");
        using var text = await host.Http.PutAsync(new Uri($"/_sandbox/portals/{portalId}/properties/contacts/email/options", UriKind.Relative),
            Body("""{"options":[{"label":"A","value":"a"}]}"""));
        Assert.Equal(HttpStatusCode.NotFound, text.StatusCode);
        using var empty = await host.Http.PutAsync(new Uri($"/_sandbox/portals/{portalId}/properties/contacts/region/options", UriKind.Relative),
            Body("""{"options":[]}"""));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        using var twice = await host.Http.PutAsync(new Uri($"/_sandbox/portals/{portalId}/properties/contacts/region/options", UriKind.Relative),
            Body("""{"options":[{"label":"A","value":"a"},{"label":"B","value":"a"}]}"""));
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
        using var profile = await host.Http.PostAsync(new Uri("/_sandbox/portals", UriKind.Relative), Body("""{"customProperties":"weird"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, profile.StatusCode);
    }

    private static StringContent Body(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    private static string? ErrorIn(JsonElement body, string code) =>
        body.GetProperty("errors").EnumerateArray().FirstOrDefault(e => e.GetProperty("code").GetString() == code) is { ValueKind: JsonValueKind.Object } error
            ? error.GetProperty("in").GetString()
            : null;

    private async Task<(HttpClient Api, long PortalId)> FullPortalAsync()
    {
        var portalId = await host.Admin.CreatePortalAsync("full");
        var tokens = await host.ConnectPortalAsync(portalId.ToString(CultureInfo.InvariantCulture));
        return (host.ApiClient(tokens.AccessToken), portalId);
    }

    private async Task<List<string>> NamesAsync(string portal, string objectType)
    {
        using var api = host.ApiClient((await host.ConnectPortalAsync(portal)).AccessToken);
        var (_, all) = await Json.SendAsync(api, HttpMethod.Get, $"/crm/properties/{V}/{objectType}");
        return all.GetProperty("results").EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToList();
    }
}
