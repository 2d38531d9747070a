using System.Net;
using Bot.Tests.Harness;

namespace Bot.Tests.Sandbox;

/// <summary>Owners, pipelines, property definitions and account info.</summary>
public sealed class SandboxMetadataTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private const string V = SandboxHost.ApiVersion;
    private readonly SandboxHost host = fixture.Host;

    [Fact]
    public async Task Owners_list_by_email_and_by_id_skip_archived_ones()
    {
        using var api = host.ApiClient((await host.ConnectPortalAsync()).AccessToken);
        var (_, list) = await Json.SendAsync(api, HttpMethod.Get, $"/crm/owners/{V}");
        var emails = list.GetProperty("results").EnumerateArray().Select(o => o.GetProperty("email").GetString()).ToList();
        Assert.Contains("alexw@contoso.com", emails);
        Assert.DoesNotContain("isaiahl@contoso.com", emails);

        var (_, byEmail) = await Json.SendAsync(api, HttpMethod.Get, $"/crm/owners/{V}?email=AlexW@contoso.com");
        var alex = Assert.Single(byEmail.GetProperty("results").EnumerateArray());
        var id = alex.GetProperty("id").GetString();
        Assert.Equal("Wilber", alex.GetProperty("lastName").GetString());

        var (byId, owner) = await Json.SendAsync(api, HttpMethod.Get, $"/crm/owners/{V}/{id}");
        Assert.Equal(HttpStatusCode.OK, byId.StatusCode);
        Assert.Equal("alexw@contoso.com", owner.GetProperty("email").GetString());
        var (byUserId, _) = await Json.SendAsync(api, HttpMethod.Get, $"/crm/owners/{V}/{owner.GetProperty("userId").GetInt64()}?idProperty=userId");
        Assert.Equal(HttpStatusCode.OK, byUserId.StatusCode);
        var (unknown, _) = await Json.SendAsync(api, HttpMethod.Get, $"/crm/owners/{V}/1");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Pipelines_carry_stages_with_probability_and_closed_flags()
    {
        using var api = host.ApiClient((await host.ConnectPortalAsync()).AccessToken);
        var (_, body) = await Json.SendAsync(api, HttpMethod.Get, $"/crm/pipelines/{V}/deals");
        var pipelines = body.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["default", "1100000"], pipelines.Select(p => p.GetProperty("id").GetString()));
        var won = pipelines[0].GetProperty("stages").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "closedwon");
        Assert.Equal("1.0", won.GetProperty("metadata").GetProperty("probability").GetString());
        Assert.Equal("true", won.GetProperty("metadata").GetProperty("isClosed").GetString());
        Assert.Contains(pipelines[1].GetProperty("stages").EnumerateArray(), s => s.GetProperty("archived").GetBoolean());

        var (_, stages) = await Json.SendAsync(api, HttpMethod.Get, $"/crm/pipelines/{V}/deals/1100000/stages");
        Assert.Equal("Renewal due", stages.GetProperty("results")[0].GetProperty("label").GetString());
    }

    [Fact]
    public async Task Properties_have_hidden_options_and_read_only_flags()
    {
        using var api = host.ApiClient((await host.ConnectPortalAsync()).AccessToken);
        var (_, lifecycle) = await Json.SendAsync(api, HttpMethod.Get, $"/crm/properties/{V}/contacts/lifecyclestage");
        var options = lifecycle.GetProperty("options").EnumerateArray().ToList();
        Assert.Contains(options, o => o.GetProperty("value").GetString() == "other" && o.GetProperty("hidden").GetBoolean());
        Assert.Contains(options, o => o.GetProperty("value").GetString() == "customer" && !o.GetProperty("hidden").GetBoolean());

        var (_, all) = await Json.SendAsync(api, HttpMethod.Get, $"/crm/properties/{V}/contacts");
        var createdate = all.GetProperty("results").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "createdate");
        Assert.True(createdate.GetProperty("modificationMetadata").GetProperty("readOnlyValue").GetBoolean());

        var (_, priority) = await Json.SendAsync(api, HttpMethod.Get, $"/crm/properties/{V}/tasks/hs_task_priority");
        Assert.Contains(priority.GetProperty("options").EnumerateArray(), o => o.GetProperty("value").GetString() == "HIGH");
        var (missing, _) = await Json.SendAsync(api, HttpMethod.Get, $"/crm/properties/{V}/contacts/shoe_size");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Account_info_of_the_eu_demo_portal_names_the_eu_ui_domain()
    {
        var tokens = await host.ConnectPortalAsync(SandboxHost.EuDemoPortalId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var api = host.ApiClient(tokens.AccessToken);
        var (_, info) = await Json.SendAsync(api, HttpMethod.Get, $"/account-info/{V}/details");
        Assert.Equal(SandboxHost.EuDemoPortalId, info.GetProperty("portalId").GetInt64());
        Assert.Equal("app-eu1.hubspot.com", info.GetProperty("uiDomain").GetString());
        Assert.Equal("eu1", info.GetProperty("dataHostingLocation").GetString());
        Assert.Equal("EUR", info.GetProperty("companyCurrency").GetString());
    }
}
