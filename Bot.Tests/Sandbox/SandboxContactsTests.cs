using System.Net;
using System.Text.Json;
using Bot.Tests.Harness;

namespace Bot.Tests.Sandbox;

public sealed class SandboxContactsTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private const string Contacts = $"/crm/objects/{SandboxHost.ApiVersion}/contacts";
    private readonly SandboxHost host = fixture.Host;

    [Fact]
    public async Task Duplicate_email_is_409_conflict_naming_the_existing_id()
    {
        using var api = await NewPortalClientAsync();
        var (created, first) = await Json.SendAsync(api, HttpMethod.Post, Contacts, new { properties = new { email = "dup@example.com", firstname = "First" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var (conflict, body) = await Json.SendAsync(api, HttpMethod.Post, Contacts, new { properties = new { email = "DUP@example.com", firstname = "Second" } });
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal("CONFLICT", body.GetProperty("category").GetString());
        Assert.Equal($"Contact already exists. Existing ID: {first.GetProperty("id").GetString()}", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Invalid_email_and_option_and_read_only_and_unknown_properties_are_named_in_errors()
    {
        using var api = await NewPortalClientAsync();
        var (response, body) = await Json.SendAsync(api, HttpMethod.Post, Contacts, new Dictionary<string, object>
        {
            ["properties"] = new Dictionary<string, string>
            {
                ["email"] = "not-an-email", ["lifecyclestage"] = "Customer", ["createdate"] = "2026-01-01", ["favourite_colour"] = "blue",
            },
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("VALIDATION_ERROR", body.GetProperty("category").GetString());
        var errors = body.GetProperty("errors").EnumerateArray().ToDictionary(e => e.GetProperty("in").GetString()!, e => e.GetProperty("code").GetString());
        Assert.Equal("INVALID_EMAIL", errors["email"]);
        Assert.Equal("INVALID_OPTION", errors["lifecyclestage"]);
        Assert.Equal("READ_ONLY_VALUE", errors["createdate"]);
        Assert.Equal("PROPERTY_DOESNT_EXIST", errors["favourite_colour"]);
        Assert.Equal("email", body.GetProperty("errors")[0].GetProperty("context").GetProperty("propertyName")[0].GetString());
        Assert.Empty((await host.Admin.GetObjectsAsync(await PortalOfAsync(api), "contacts")).EnumerateArray());
    }

    [Fact]
    public async Task Get_by_id_and_by_email_return_default_or_requested_properties()
    {
        using var api = await NewPortalClientAsync();
        var (_, created) = await Json.SendAsync(api, HttpMethod.Post, Contacts,
            new { properties = new { email = "grace@example.com", firstname = "Grace", jobtitle = "Admiral" } });
        var id = created.GetProperty("id").GetString();

        var (byId, plain) = await Json.SendAsync(api, HttpMethod.Get, $"{Contacts}/{id}");
        Assert.Equal(HttpStatusCode.OK, byId.StatusCode);
        Assert.Equal("Grace", plain.Prop("firstname"));
        Assert.False(plain.GetProperty("properties").TryGetProperty("jobtitle", out _));
        Assert.Equal(JsonValueKind.Null, plain.GetProperty("properties").GetProperty("lastname").ValueKind);

        var (byEmail, selected) = await Json.SendAsync(api, HttpMethod.Get, $"{Contacts}/grace@example.com?idProperty=email&properties=jobtitle,phone");
        Assert.Equal(HttpStatusCode.OK, byEmail.StatusCode);
        Assert.Equal(id, selected.GetProperty("id").GetString());
        Assert.Equal("Admiral", selected.Prop("jobtitle"));
        Assert.Equal(JsonValueKind.Null, selected.GetProperty("properties").GetProperty("phone").ValueKind);

        var (missing, missingBody) = await Json.SendAsync(api, HttpMethod.Get, $"{Contacts}/nobody@example.com?idProperty=email");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("OBJECT_NOT_FOUND", missingBody.GetProperty("category").GetString());
    }

    [Fact]
    public async Task Patch_changes_only_given_properties_clears_empty_strings_and_bumps_modified_dates()
    {
        using var api = await NewPortalClientAsync();
        var (_, created) = await Json.SendAsync(api, HttpMethod.Post, Contacts,
            new { properties = new { email = "alan@example.com", firstname = "Alan", lastname = "Turing", phone = "123" } });
        var id = created.GetProperty("id").GetString();
        var createdModified = created.Prop("lastmodifieddate");
        await Task.Delay(20);

        var (patched, body) = await Json.SendAsync(api, HttpMethod.Patch, $"{Contacts}/{id}", new { properties = new { firstname = "Alan M.", phone = "" } });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal("Alan M.", body.Prop("firstname"));
        Assert.Equal("Turing", body.Prop("lastname"));
        Assert.False(body.GetProperty("properties").TryGetProperty("phone", out _));
        Assert.True(string.CompareOrdinal(body.Prop("lastmodifieddate"), createdModified) > 0);
        Assert.Equal(body.Prop("lastmodifieddate"), body.Prop("hs_lastmodifieddate"));
        Assert.True(body.GetProperty("updatedAt").GetDateTimeOffset() > created.GetProperty("updatedAt").GetDateTimeOffset());

        var (read, readBody) = await Json.SendAsync(api, HttpMethod.Get, $"{Contacts}/{id}?properties=phone,lastname");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(JsonValueKind.Null, readBody.GetProperty("properties").GetProperty("phone").ValueKind);
    }

    [Fact]
    public async Task Patch_to_an_email_in_use_is_409_and_by_email_patch_works()
    {
        using var api = await NewPortalClientAsync();
        var (_, a) = await Json.SendAsync(api, HttpMethod.Post, Contacts, new { properties = new { email = "a@example.com" } });
        await Json.SendAsync(api, HttpMethod.Post, Contacts, new { properties = new { email = "b@example.com" } });
        var (conflict, body) = await Json.SendAsync(api, HttpMethod.Patch, $"{Contacts}/b@example.com?idProperty=email", new { properties = new { email = "a@example.com" } });
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.EndsWith(a.GetProperty("id").GetString()!, body.GetProperty("message").GetString(), StringComparison.Ordinal);

        var (ok, okBody) = await Json.SendAsync(api, HttpMethod.Patch, $"{Contacts}/b@example.com?idProperty=email", new { properties = new { lifecyclestage = "lead" } });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("lead", okBody.Prop("lifecyclestage"));
    }

    [Fact]
    public async Task Malformed_json_is_400_not_500_and_archive_hides_the_record()
    {
        using var api = await NewPortalClientAsync();
        using var content = new StringContent("{\"properties\": {", System.Text.Encoding.UTF8, "application/json");
        using var response = await api.PostAsync(new Uri(Contacts, UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("VALIDATION_ERROR", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var (_, created) = await Json.SendAsync(api, HttpMethod.Post, Contacts, new { properties = new { email = "gone@example.com" } });
        var id = created.GetProperty("id").GetString();
        var (deleted, _) = await Json.SendAsync(api, HttpMethod.Delete, $"{Contacts}/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var (read, _) = await Json.SendAsync(api, HttpMethod.Get, $"{Contacts}/{id}");
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        var (again, _) = await Json.SendAsync(api, HttpMethod.Post, Contacts, new { properties = new { email = "gone@example.com" } });
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
    }

    [Fact]
    public async Task List_pages_with_after()
    {
        using var api = await NewPortalClientAsync();
        for (var i = 0; i < 5; i++)
        {
            await Json.SendAsync(api, HttpMethod.Post, Contacts, new { properties = new { email = $"p{i}@example.com" } });
        }

        var (_, page1) = await Json.SendAsync(api, HttpMethod.Get, $"{Contacts}?limit=3&properties=email");
        Assert.Equal(3, page1.GetProperty("results").GetArrayLength());
        var after = page1.GetProperty("paging").GetProperty("next").GetProperty("after").GetString();
        var (_, page2) = await Json.SendAsync(api, HttpMethod.Get, $"{Contacts}?limit=3&after={after}&properties=email");
        Assert.Equal(["p3@example.com", "p4@example.com"], page2.GetProperty("results").EnumerateArray().Select(r => r.Prop("email")));
        Assert.False(page2.TryGetProperty("paging", out _));
    }

    [Fact]
    public async Task Emails_are_stored_in_lower_case_and_found_in_any_case()
    {
        using var api = await NewPortalClientAsync();
        var (_, created) = await Json.SendAsync(api, HttpMethod.Post, Contacts, new { properties = new { email = " Mixed.Case@Example.COM " } });
        Assert.Equal("mixed.case@example.com", created.Prop("email"));
        var (found, body) = await Json.SendAsync(api, HttpMethod.Get, $"{Contacts}/MIXED.case@example.com?idProperty=email");
        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        Assert.Equal(created.GetProperty("id").GetString(), body.GetProperty("id").GetString());
    }

    private async Task<HttpClient> NewPortalClientAsync() => host.ApiClient((await host.ConnectPortalAsync()).AccessToken);

    private static async Task<long> PortalOfAsync(HttpClient api)
    {
        var (_, info) = await Json.SendAsync(api, HttpMethod.Get, $"/account-info/{SandboxHost.ApiVersion}/details");
        return info.GetProperty("portalId").GetInt64();
    }
}
