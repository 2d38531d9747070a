using System.Net;
using Bot.Tests.Harness;
using Microsoft.Extensions.Options;

namespace Bot.Tests.Sandbox;

public sealed class SandboxConfigurationTests
{
    [Fact]
    public async Task The_api_version_setting_moves_every_path()
    {
        using var host = SandboxHost.Start(new Dictionary<string, string?> { ["Sandbox:ApiVersion"] = "2026-09", ["Sandbox:Seed:Contacts"] = "5" });
        var redirect = await host.AuthorizeAsync("approve", "new", SandboxHost.BotScopes, null, "s");
        using var tokenResponse = await host.PostFormAsync("/oauth/2026-09/token", new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["client_id"] = SandboxHost.ClientId, ["client_secret"] = SandboxHost.ClientSecret,
            ["redirect_uri"] = SandboxHost.RedirectUri, ["code"] = redirect.Code!,
        });
        Assert.Equal(HttpStatusCode.OK, tokenResponse.StatusCode);
        var token = System.Text.Json.JsonDocument.Parse(await tokenResponse.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString()!;
        using var api = host.ApiClient(token);
        var (current, _) = await Json.SendAsync(api, HttpMethod.Get, "/crm/objects/2026-09/contacts");
        var (old, _) = await Json.SendAsync(api, HttpMethod.Get, "/crm/objects/2026-03/contacts");
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, old.StatusCode);
    }

    [Fact]
    public void Invalid_settings_stop_the_start_and_name_the_setting()
    {
        var error = Assert.ThrowsAny<Exception>(() => SandboxHost.Start(new Dictionary<string, string?> { ["Sandbox:Behaviour:ErrorRate"] = "2" }).Dispose());
        var validation = Unwrap(error).OfType<OptionsValidationException>().FirstOrDefault();
        Assert.NotNull(validation);
        Assert.Contains("Sandbox:Behaviour:ErrorRate", validation.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<Exception> Unwrap(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Unwrap))
                {
                    yield return inner;
                }
            }
        }
    }
}
