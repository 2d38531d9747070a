using Bot.Tests.Harness;

namespace Bot.Tests.Production;

/// <summary>
/// No account keys: given only the storage endpoints (as the template writes them), the bot process reaches its tables
/// with a token from the App Service managed identity endpoint (IDENTITY_ENDPOINT/IDENTITY_HEADER) for the identity
/// AZURE_CLIENT_ID names, against an Azurite that serves https and accepts only bearer tokens.
/// </summary>
public sealed class StorageManagedIdentityTests
{
    private const string IdentityClientId = "c1e47000-0000-4000-8000-00000000beef";

    [Fact]
    public async Task Only_endpoints_configured_means_storage_is_reached_with_the_managed_identitys_token()
    {
        // One test certificate for both TLS stand-ins: two self-signed roots with the same subject confuse chain building.
        await using var simulator = await ChannelSimulator.StartAsync();
        var azurite = new AzuriteFixture { TlsCertificate = simulator.Certificate };
        await azurite.StartAsync();
        await using var identity = await ManagedIdentityStub.StartAsync();
        try
        {
            var settings = new Dictionary<string, string>(BotProcess.TestingSettings(simulator).Concat(identity.EnvironmentFor(IdentityClientId)))
            {
                ["Storage__TableEndpoint"] = azurite.TableEndpoint.ToString(),
                ["Storage__QueueEndpoint"] = azurite.QueueEndpoint.ToString(),
                ["Storage__BlobEndpoint"] = azurite.BlobEndpoint.ToString(),
            };
            await using var bot = BotProcess.Start(settings, trust: [simulator.Certificate]);

            await bot.WaitUntilHealthyAsync();
            using var http = new HttpClient { BaseAddress = bot.BaseAddress };
            var teams = new SimulatedTeams(simulator, http);
            var user = TeamsUser.New("Megan Bowen");
            var reply = await teams.SayAsync(TeamsConversation.Personal(user), user, "help");

            Assert.Contains("HubSpot for Teams", reply.VisibleText, StringComparison.Ordinal);
            var request = Assert.Single(identity.Requests.DistinctBy(r => (r.Resource, r.ClientId)));
            Assert.True(request.HeaderMatched, "the bot must send App Service's X-IDENTITY-HEADER");
            Assert.Equal(IdentityClientId, request.ClientId);
            Assert.StartsWith("https://storage.azure.com", request.Resource, StringComparison.Ordinal);
            Assert.DoesNotContain("AccountKey", bot.Output, StringComparison.Ordinal);
        }
        finally
        {
            await azurite.DisposeAsync();
        }
    }

    [Fact]
    public async Task Without_a_token_the_same_endpoints_are_refused_so_the_health_check_fails()
    {
        // The counter-proof: the https Azurite refuses a bot whose identity endpoint will not give it a token, so the
        // passing test above really depends on the managed identity path.
        using var certificate = TestCertificate.Create();
        var azurite = new AzuriteFixture { TlsCertificate = certificate };
        await azurite.StartAsync();
        await using var identity = await ManagedIdentityStub.StartAsync();
        try
        {
            var settings = new Dictionary<string, string>(identity.EnvironmentFor(IdentityClientId))
            {
                ["IDENTITY_HEADER"] = "wrong-header",
                ["ASPNETCORE_ENVIRONMENT"] = "Testing",
                ["Bot__AppId"] = ChannelSimulator.AppId,
                ["Bot__TenantId"] = ChannelSimulator.BotTenantId,
                ["Bot__AppPassword"] = ChannelSimulator.AppPassword,
                ["Storage__TableEndpoint"] = azurite.TableEndpoint.ToString(),
                ["Storage__QueueEndpoint"] = azurite.QueueEndpoint.ToString(),
                ["Storage__BlobEndpoint"] = azurite.BlobEndpoint.ToString(),
            };
            await using var bot = BotProcess.Start(settings, trust: [certificate]);
            using var http = new HttpClient { BaseAddress = bot.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

            var status = await FirstHealthAnswerAsync(http, bot);

            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, status);
            Assert.Contains(identity.Requests, r => !r.HeaderMatched);
        }
        finally
        {
            await azurite.DisposeAsync();
        }
    }

    private static async Task<System.Net.HttpStatusCode> FirstHealthAnswerAsync(HttpClient http, BotProcess bot)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (bot.HasExited) throw new InvalidOperationException("The bot exited:\n" + bot.Output);
            try
            {
                using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
                return response.StatusCode;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(200);
            }
        }
        throw new TimeoutException("The bot never answered /healthz:\n" + bot.Output);
    }
}
