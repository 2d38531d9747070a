using System.Net;
using System.Text;
using Bot.Tests.Harness;

namespace Bot.Tests.Sandbox;

/// <summary>Client mistakes get a HubSpot-shaped 4xx, never a 500.</summary>
public sealed class SandboxMalformedInputTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private const string Objects = $"/crm/objects/{SandboxHost.ApiVersion}";
    private readonly SandboxHost host = fixture.Host;

    public static TheoryData<string, string, string> Cases => new()
    {
        { "POST", "/contacts", "[]" },
        { "POST", "/contacts", "{\"properties\": [1, 2]}" },
        { "POST", "/contacts", "{\"properties\": {\"email\": {\"nested\": true}}}" },
        { "POST", "/contacts", "{\"associations\": [\"x\"]}" },
        { "POST", "/contacts", "{\"associations\": [{\"to\": {\"id\": \"1\"}, \"types\": [7]}]}" },
        { "POST", "/contacts", "{\"properties\": {\"email\": \"" },
        { "POST", "/contacts/search", "{\"limit\": \"many\"}" },
        { "POST", "/contacts/search", "{\"limit\": 1.5}" },
        { "POST", "/contacts/search", "{\"filterGroups\": [1]}" },
        { "POST", "/contacts/search", "{\"filterGroups\": [{\"filters\": [\"email\"]}]}" },
        { "POST", "/contacts/search", "{\"sorts\": [42]}" },
        { "POST", "/contacts/search", "{\"after\": \"-1\"}" },
        { "POST", "/contacts/batch/create", "{\"inputs\": [1, 2]}" },
        { "POST", "/contacts/batch/read", "{\"inputs\": \"all\"}" },
        { "PATCH", "/contacts/abc", "{}" },
        { "PUT", "/notes/1/associations/contacts/2", "{\"not\": \"an array\"}" },
        { "POST", "/widgets", "{}" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Malformed_requests_are_client_errors_in_hubspot_shape(string method, string path, string body)
    {
        using var api = host.ApiClient((await host.ConnectPortalAsync()).AccessToken);
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(Objects + path, UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        using var response = await api.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.Contains("\"category\"", text, StringComparison.Ordinal);
        Assert.Contains("\"correlationId\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_endpoint_with_a_json_body_is_invalid_request()
    {
        using var content = new StringContent("{\"grant_type\":\"refresh_token\"}", Encoding.UTF8, "application/json");
        using var response = await host.Http.PostAsync(new Uri($"/oauth/{SandboxHost.ApiVersion}/token", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("invalid_request", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
