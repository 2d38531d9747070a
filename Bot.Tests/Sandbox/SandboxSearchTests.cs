// Inline arrays are the readable way to write test request bodies; caching them (CA1861) would only hide the data.
#pragma warning disable CA1861

using System.Net;
using System.Text.Json;
using Bot.Tests.Harness;

namespace Bot.Tests.Sandbox;

public sealed class SandboxSearchTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private const string Objects = $"/crm/objects/{SandboxHost.ApiVersion}";
    private readonly SandboxHost host = fixture.Host;

    [Fact]
    public async Task Query_finds_the_seeded_demo_contact_by_name_prefix()
    {
        var tokens = await host.ConnectPortalAsync(SandboxHost.DemoPortalId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var api = host.ApiClient(tokens.AccessToken);
        var (response, body) = await Json.SendAsync(api, HttpMethod.Post, $"{Objects}/contacts/search", new { query = "lovel", properties = new[] { "email", "company" } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("X-HubSpot-RateLimit-Max"));
        var ada = Assert.Single(body.GetProperty("results").EnumerateArray());
        Assert.Equal("ada@example.com", ada.Prop("email"));
        Assert.Equal("Analytical Engines", ada.Prop("company"));
    }

    [Fact]
    public async Task Filters_combine_and_within_groups_or_across_groups()
    {
        using var api = await PortalWithDealsAsync();
        Assert.Equal(["Alpha", "Gamma"], await DealNamesAsync(api, new[] { new[] { Filter("amount", "GTE", "300") } }));
        Assert.Equal(["Beta"], await DealNamesAsync(api, new[] { new[] { Filter("amount", "LT", "300"), Filter("dealstage", "EQ", "qualifiedtobuy") } }));
        Assert.Equal(["Beta", "Delta"], await DealNamesAsync(api, new[] { new[] { Filter("amount", "LTE", "200") } }));
        Assert.Equal(["Alpha", "Beta", "Gamma"], await DealNamesAsync(api, new[] { new[] { Filter("amount", "GT", "100") } }));
        Assert.Equal(["Alpha", "Delta"], await DealNamesAsync(api, new[] { new[] { Filter("dealname", "EQ", "alpha") }, new[] { Filter("dealname", "EQ", "Delta") } }));
        Assert.Equal(["Alpha", "Gamma", "Delta"], await DealNamesAsync(api, new[] { new[] { Filter("dealstage", "NEQ", "qualifiedtobuy") } }));
        Assert.Equal(["Alpha", "Beta"], await DealNamesAsync(api, new[] { new[] { Filter("description", "HAS_PROPERTY", null) } }));
        Assert.Equal(["Gamma", "Delta"], await DealNamesAsync(api, new[] { new[] { Filter("description", "NOT_HAS_PROPERTY", null) } }));
        Assert.Equal(["Beta"], await DealNamesAsync(api, new[] { new[] { Filter("description", "CONTAINS_TOKEN", "renewal") } }));
        Assert.Equal(["Alpha", "Beta"], await DealNamesAsync(api, new[] { new[] { Filter("description", "CONTAINS_TOKEN", "wid*") } }));
        Assert.Equal(["Gamma", "Delta"], await DealNamesAsync(api, new[] { new[] { new { propertyName = "dealstage", @operator = "IN", values = new[] { "closedwon", "closedlost" } } } }));
        Assert.Equal(["Gamma"], await DealNamesAsync(api, new[] { new[] { Filter("closedate", "GT", "2026-06-01T00:00:00Z") } }));
    }

    [Fact]
    public async Task Sorts_properties_limit_and_after_page_through_results()
    {
        using var api = await PortalWithDealsAsync();
        var body = new
        {
            sorts = new[] { new { propertyName = "amount", direction = "DESCENDING" } },
            properties = new[] { "dealname", "amount" },
            limit = 3,
        };
        var (_, page1) = await Json.SendAsync(api, HttpMethod.Post, $"{Objects}/deals/search", body);
        Assert.Equal(4, page1.GetProperty("total").GetInt32());
        Assert.Equal(["Gamma", "Alpha", "Beta"], page1.GetProperty("results").EnumerateArray().Select(r => r.Prop("dealname")));
        Assert.False(page1.GetProperty("results")[0].GetProperty("properties").TryGetProperty("dealstage", out _));
        var after = page1.GetProperty("paging").GetProperty("next").GetProperty("after").GetString();

        var (_, page2) = await Json.SendAsync(api, HttpMethod.Post, $"{Objects}/deals/search", new { body.sorts, body.properties, body.limit, after });
        Assert.Equal(["Delta"], page2.GetProperty("results").EnumerateArray().Select(r => r.Prop("dealname")));
        Assert.False(page2.TryGetProperty("paging", out _));
    }

    [Fact]
    public async Task Paging_stops_at_ten_thousand_results()
    {
        var tokens = await host.ConnectPortalAsync();
        await host.Admin.SeedContactsAsync(tokens.PortalId, 10_050, "Capped Co");
        using var api = host.ApiClient(tokens.AccessToken);
        var filter = new[] { new { filters = new[] { Filter("company", "EQ", "Capped Co") } } };

        var (nearEnd, body) = await Json.SendAsync(api, HttpMethod.Post, $"{Objects}/contacts/search", new { filterGroups = filter, limit = 200, after = "9900" });
        Assert.Equal(HttpStatusCode.OK, nearEnd.StatusCode);
        Assert.Equal(10_050, body.GetProperty("total").GetInt32());
        Assert.Equal(100, body.GetProperty("results").GetArrayLength());

        var (past, error) = await Json.SendAsync(api, HttpMethod.Post, $"{Objects}/contacts/search", new { filterGroups = filter, limit = 10, after = "10000" });
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        Assert.Equal("VALIDATION_ERROR", error.GetProperty("category").GetString());
    }

    [Fact]
    public async Task Bad_search_requests_are_400_with_a_reason()
    {
        using var api = host.ApiClient((await host.ConnectPortalAsync()).AccessToken);
        var (tooMany, _) = await Json.SendAsync(api, HttpMethod.Post, $"{Objects}/contacts/search", new { limit = 201 });
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        var (badOperator, body) = await Json.SendAsync(api, HttpMethod.Post, $"{Objects}/contacts/search",
            new { filterGroups = new[] { new { filters = new[] { Filter("email", "LIKE", "x") } } } });
        Assert.Equal(HttpStatusCode.BadRequest, badOperator.StatusCode);
        Assert.Contains("LIKE", body.GetProperty("message").GetString(), StringComparison.Ordinal);
        var (unknown, _) = await Json.SendAsync(api, HttpMethod.Post, $"{Objects}/contacts/search",
            new { filterGroups = new[] { new { filters = new[] { Filter("shoe_size", "EQ", "9") } } } });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
    }

    [Fact]
    public async Task Association_filter_finds_the_deals_of_a_contact()
    {
        using var api = host.ApiClient((await host.ConnectPortalAsync()).AccessToken);
        var (_, contact) = await Json.SendAsync(api, HttpMethod.Post, $"{Objects}/contacts", new { properties = new { email = "buyer@example.com" } });
        var contactId = contact.GetProperty("id").GetString();
        await Json.SendAsync(api, HttpMethod.Post, $"{Objects}/deals", new
        {
            properties = new { dealname = "Linked", dealstage = "appointmentscheduled" },
            associations = new[] { new { to = new { id = contactId }, types = new[] { new { associationCategory = "HUBSPOT_DEFINED", associationTypeId = 3 } } } },
        });
        await Json.SendAsync(api, HttpMethod.Post, $"{Objects}/deals", new { properties = new { dealname = "Unlinked", dealstage = "appointmentscheduled" } });
        Assert.Equal(["Linked"], await DealNamesAsync(api, new[] { new[] { Filter("associations.contact", "EQ", contactId) } }));
    }

    private static object Filter(string propertyName, string op, string? value) => new { propertyName, @operator = op, value };

    private static async Task<List<string>> DealNamesAsync(HttpClient api, object[][] groups)
    {
        var (response, body) = await Json.SendAsync(api, HttpMethod.Post, $"{Objects}/deals/search",
            new { filterGroups = groups.Select(g => new { filters = g }), properties = new[] { "dealname" }, limit = 50 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return body.GetProperty("results").EnumerateArray().Select(r => r.Prop("dealname")).ToList();
    }

    /// <summary>A fresh portal with four known deals (created in this order).</summary>
    private async Task<HttpClient> PortalWithDealsAsync()
    {
        var api = host.ApiClient((await host.ConnectPortalAsync()).AccessToken);
        (string Name, int Amount, string Stage, string? Description, string Close)[] deals =
        [
            ("Alpha", 300, "appointmentscheduled", "Wide rollout", "2026-03-01"),
            ("Beta", 200, "qualifiedtobuy", "Renewal for widgets", "2026-04-01"),
            ("Gamma", 900, "closedwon", null, "2026-07-01"),
            ("Delta", 100, "closedlost", null, "2026-05-01"),
        ];
        foreach (var deal in deals)
        {
            var properties = new Dictionary<string, string> { ["dealname"] = deal.Name, ["amount"] = deal.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture), ["dealstage"] = deal.Stage, ["closedate"] = deal.Close };
            if (deal.Description is not null)
            {
                properties["description"] = deal.Description;
            }

            var (created, _) = await Json.SendAsync(api, HttpMethod.Post, $"{Objects}/deals", new { properties });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        return api;
    }
}
