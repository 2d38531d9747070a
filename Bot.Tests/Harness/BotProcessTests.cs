namespace Bot.Tests.Harness;

/// <summary>The out-of-process bot the production and scale-out suites run: it answers a real turn, and its
/// outbound token comes from the simulator's TLS endpoint, trusted only through the certificate handed to it.</summary>
public sealed class BotProcessTests
{
    [Fact]
    public async Task A_bot_process_answers_help_with_a_token_from_the_simulators_tls_endpoint()
    {
        var azurite = new AzuriteFixture();
        await azurite.StartAsync();
        await using var simulator = await ChannelSimulator.StartAsync();
        try
        {
            await using var bot = BotProcess.Start(new Dictionary<string, string>(BotProcess.TestingSettings(simulator)) { ["Storage__ConnectionString"] = azurite.ConnectionString }, trust: [simulator.Certificate]);
            await bot.WaitUntilHealthyAsync();
            using var http = new HttpClient { BaseAddress = bot.BaseAddress };
            var teams = new SimulatedTeams(simulator, http);
            var user = TeamsUser.New("Megan Bowen");

            var reply = await teams.SayAsync(TeamsConversation.Personal(user), user, "help");

            Assert.Contains("HubSpot for Teams", reply.VisibleText, StringComparison.Ordinal);
            Assert.StartsWith("Bearer bot-token-", reply.Authorization, StringComparison.Ordinal);
        }
        finally
        {
            await azurite.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_bot_process_with_a_missing_setting_exits_and_says_which()
    {
        await using var bot = BotProcess.Start(new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production" });

        var exitCode = await bot.WaitForExitAsync();

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Bot:AppId is required", bot.Output, StringComparison.Ordinal);
    }
}
