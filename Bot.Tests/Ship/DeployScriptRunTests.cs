using System.Text.Json.Nodes;

namespace Bot.Tests.Ship;

/// <summary>
/// deploy.ps1 for real, against stand-in az/dotnet/node commands (<see cref="FakeTools"/>): what it asks
/// Azure to do on a first run, and that a second run reuses what exists instead of making it again.
/// </summary>
public sealed class DeployScriptRunTests
{
    private const string HubSpotSecret = "hs-client-secret";

    [Fact]
    public async Task First_run_creates_registration_and_secrets_and_a_second_run_reuses_them()
    {
        using var tools = new FakeTools(RepoPaths.Node);

        var first = await Deploy(tools, HubSpotSecret);

        Assert.True(first.ExitCode == 0, first.ToString());
        var firstCalls = tools.TakeLog();
        Assert.Contains(firstCalls, c => IsCall(c, "az", "ad", "app", "create") && c.Contains("AzureADMyOrg", StringComparison.Ordinal));
        Assert.Contains(firstCalls, c => IsCall(c, "az", "ad", "sp", "create"));
        Assert.Contains(firstCalls, c => IsCall(c, "az", "ad", "app", "credential", "reset"));
        var (file, parameters) = DeploymentParameters(firstCalls);
        Assert.Equal("generated-bot-secret", parameters["botAppPassword"]);
        Assert.Equal(HubSpotSecret, parameters["hubSpotClientSecret"]);
        Assert.Equal(32, Convert.FromBase64String(parameters["dataProtectionKek"]!).Length);
        Assert.Equal(FakeTools.AppId, parameters["botAppId"]);
        Assert.Equal(FakeTools.TenantId, parameters["tenantId"]);
        Assert.Equal("contoso-hsbot", parameters["namePrefix"]);
        Assert.Equal($"[\"{FakeTools.SignedInUserId}\"]", parameters["adminObjectIds"].Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal));
        Assert.False(File.Exists(file), "the parameters file with the secrets must be deleted");
        Assert.Contains(firstCalls, c => IsCall(c, "dotnet", "publish") && c.Contains("Bot/Bot.csproj", StringComparison.Ordinal));
        Assert.Contains(firstCalls, c => IsCall(c, "az", "webapp", "deploy"));
        var package = Assert.Single(firstCalls, c => IsCall(c, "node"));
        Assert.Contains($"\"--bot-app-id\",\"{FakeTools.AppId}\"", package, StringComparison.Ordinal);
        Assert.Contains($"\"--bot-host\",\"{FakeTools.HostName}\"", package, StringComparison.Ordinal);

        var second = await Deploy(tools, hubSpotSecret: null);

        Assert.True(second.ExitCode == 0, second.ToString());
        var secondCalls = tools.TakeLog();
        Assert.DoesNotContain(secondCalls, c => IsCall(c, "az", "ad", "app", "create"));
        Assert.DoesNotContain(secondCalls, c => IsCall(c, "az", "ad", "sp", "create"));
        Assert.DoesNotContain(secondCalls, c => IsCall(c, "az", "ad", "app", "credential", "reset"));
        var (_, again) = DeploymentParameters(secondCalls);
        Assert.Equal(string.Empty, again["botAppPassword"]);
        Assert.Equal(string.Empty, again["hubSpotClientSecret"]);
        Assert.Equal(string.Empty, again["dataProtectionKek"]);
        Assert.Contains("Reusing app registration contoso-hsbot-bot", second.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admins_given_as_upn_and_object_id_reach_the_template_as_object_ids()
    {
        using var tools = new FakeTools(RepoPaths.Node);

        var result = await Deploy(tools, HubSpotSecret, "-Admins alice@contoso.com,B0B00000-0000-4000-8000-000000000003");

        Assert.True(result.ExitCode == 0, result.ToString());
        var (_, parameters) = DeploymentParameters(tools.TakeLog());
        var admins = JsonNode.Parse(parameters["adminObjectIds"])!.AsArray().Select(a => (string)a!).ToArray();
        Assert.Equal([FakeTools.AliceObjectId, "b0b00000-0000-4000-8000-000000000003"], admins);
    }

    [Fact]
    public async Task An_unknown_admin_upn_stops_the_deployment_naming_it()
    {
        using var tools = new FakeTools(RepoPaths.Node);

        var result = await Deploy(tools, HubSpotSecret, "-Admins nobody@contoso.com");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("no Entra user 'nobody@contoso.com'", result.AllOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(tools.TakeLog(), c => IsCall(c, "az", "deployment"));
    }

    [Fact]
    public async Task First_run_without_the_hubspot_secret_stops_before_making_any_secret()
    {
        using var tools = new FakeTools(RepoPaths.Node);

        var result = await Deploy(tools, hubSpotSecret: null);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("pass -HubSpotClientSecret", result.AllOutput, StringComparison.Ordinal);
        var calls = tools.TakeLog();
        Assert.DoesNotContain(calls, c => IsCall(c, "az", "ad", "app", "credential", "reset"));
        Assert.DoesNotContain(calls, c => IsCall(c, "az", "deployment"));
    }

    private static Task<ToolResult> Deploy(FakeTools tools, string? hubSpotSecret, string extraArguments = "")
    {
        var command = $"& '{RepoPaths.DeployScript}' -NamePrefix contoso-hsbot -Location westeurope -HubSpotClientId 6f2c1a0e-1111-2222-3333-444455556666 {extraArguments}";
        if (hubSpotSecret is not null)
        {
            command += $" -HubSpotClientSecret (ConvertTo-SecureString '{hubSpotSecret}' -AsPlainText -Force)";
        }

        return ToolProcess.RunAsync(
            RepoPaths.Dotnet, ["tool", "run", "pwsh", "--", "-NoProfile", "-NonInteractive", "-Command", command], RepoPaths.Root, tools.Environment);
    }

    private static bool IsCall(string logLine, params string[] prefix) =>
        JsonNode.Parse(logLine) is JsonArray call && call.Count >= prefix.Length
        && prefix.Select((word, i) => (string?)call[i] == word).All(match => match);

    private static (string File, Dictionary<string, string> Values) DeploymentParameters(IEnumerable<string> log)
    {
        var entry = log.Select(line => JsonNode.Parse(line)).OfType<JsonObject>().Single(o => o.ContainsKey("parameters"));
        var values = entry["parameters"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!["value"]!.ToString());
        return ((string)entry["parametersFile"]!, values);
    }
}
