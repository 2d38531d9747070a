using System.Net;
using Bot.Tests.Harness;

namespace Bot.Tests.Sandbox;

public sealed class SandboxBatchTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private const string Contacts = $"/crm/objects/{SandboxHost.ApiVersion}/contacts";
    private static readonly string[] ReadProperties = ["jobtitle"];
    private readonly SandboxHost host = fixture.Host;

    [Fact]
    public async Task Upsert_by_email_creates_new_contacts_and_updates_existing_ones()
    {
        using var api = host.ApiClient((await host.ConnectPortalAsync()).AccessToken);
        var (_, existing) = await Json.SendAsync(api, HttpMethod.Post, Contacts, new { properties = new { email = "known@example.com", firstname = "Old" } });

        var (response, body) = await Json.SendAsync(api, HttpMethod.Post, $"{Contacts}/batch/upsert", new
        {
            inputs = new object[]
            {
                new { id = "known@example.com", idProperty = "email", properties = new { firstname = "New" } },
                new { id = "fresh@example.com", idProperty = "email", properties = new { firstname = "Fresh" } },
            },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = body.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(existing.GetProperty("id").GetString(), results[0].GetProperty("id").GetString());
        Assert.False(results[0].GetProperty("new").GetBoolean());
        Assert.Equal("New", results[0].Prop("firstname"));
        Assert.True(results[1].GetProperty("new").GetBoolean());
        Assert.Equal("fresh@example.com", results[1].Prop("email"));
    }

    [Fact]
    public async Task Batch_read_returns_found_records_and_reports_missing_ids_as_207()
    {
        using var api = host.ApiClient((await host.ConnectPortalAsync()).AccessToken);
        var (_, a) = await Json.SendAsync(api, HttpMethod.Post, Contacts, new { properties = new { email = "r1@example.com", jobtitle = "CFO" } });
        var (response, body) = await Json.SendAsync(api, HttpMethod.Post, $"{Contacts}/batch/read", new
        {
            properties = ReadProperties,
            inputs = new[] { new { id = a.GetProperty("id").GetString()! }, new { id = "424242" } },
        });
        Assert.Equal(HttpStatusCode.MultiStatus, response.StatusCode);
        Assert.Equal("CFO", body.GetProperty("results")[0].Prop("jobtitle"));
        Assert.Equal("424242", body.GetProperty("errors")[0].GetProperty("context").GetProperty("ids")[0].GetString());
    }

    [Fact]
    public async Task A_batch_with_an_invalid_input_is_refused_with_the_field_named()
    {
        using var api = host.ApiClient((await host.ConnectPortalAsync()).AccessToken);
        var (response, body) = await Json.SendAsync(api, HttpMethod.Post, $"{Contacts}/batch/create", new
        {
            inputs = new[] { new { properties = new { email = "bad email" } } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("email", body.GetProperty("errors")[0].GetProperty("in").GetString());
    }
}
