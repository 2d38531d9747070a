using System.Text.Json.Nodes;

namespace Bot.Tests.Ship;

/// <summary>
/// infra/ with the Bicep CLI from NuGet. bicepconfig.json raises the linter rules to errors; Bicep's own
/// type diagnostics (unknown property, type mismatch) cannot be raised there and stay warnings, so the
/// clean-build checks fail on any warning too.
/// </summary>
public sealed class BicepTests
{
    private static string MainTemplate => Path.Combine(RepoPaths.Infra, "main.bicep");

    [Fact]
    public async Task Main_template_builds_without_warnings()
    {
        var result = await CompiledMain.Value;

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(result.StandardError.Trim());
        Assert.NotNull(JsonNode.Parse(result.StandardOutput));
    }

    [Fact]
    public async Task Main_template_lints_clean()
    {
        var result = await Bicep("lint", MainTemplate);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(result.AllOutput.Trim());
    }

    [Fact]
    public async Task Web_app_runs_dotnet_10_with_health_check_and_the_bot_settings()
    {
        var template = await BuildMainTemplate();
        var site = Assert.Single(ResourcesOfType(template, "Microsoft.Web/sites"));
        var siteConfig = site["properties"]!["siteConfig"]!;

        Assert.Equal("DOTNETCORE|10.0", (string?)siteConfig["linuxFxVersion"]);
        Assert.Equal("/healthz", (string?)siteConfig["healthCheckPath"]);
        // The settings are one concat(...) expression (fixed settings plus one per bootstrap admin); split it per setting.
        var settings = AppSettingExpressions((string)siteConfig["appSettings"]!);
        string[] required =
        [
            "Bot__AppId", "Bot__TenantId", "Bot__AppType", "Bot__AppPassword", "Bot__PublicBaseUrl",
            "Storage__TableEndpoint", "Storage__QueueEndpoint", "Storage__BlobEndpoint",
            "HubSpot__ClientId", "HubSpot__ClientSecret", "HubSpot__RedirectUri", "ASPNETCORE_ENVIRONMENT",
        ];
        Assert.All(required, name => Assert.True(settings.ContainsKey(name), $"app setting {name} is missing"));
        Assert.StartsWith(", 'value', 'SingleTenant')", settings["Bot__AppType"], StringComparison.Ordinal);
        Assert.StartsWith(", 'value', 'Production')", settings["ASPNETCORE_ENVIRONMENT"], StringComparison.Ordinal);
        Assert.StartsWith(", 'value', 'Storage')", settings["ActivityQueue__Kind"], StringComparison.Ordinal);
        Assert.Contains("Roles__BootstrapAdmins__{0}", template.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("/auth/hubspot/callback", settings["HubSpot__RedirectUri"], StringComparison.Ordinal);
        Assert.DoesNotContain("Storage__ConnectionString", settings.Keys);
        foreach (var secret in new[] { "Bot__AppPassword", "HubSpot__ClientSecret", "DataProtection__KeyEncryptionKeys__1" })
        {
            Assert.Contains("keyVaultReference", settings[secret], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Azure_bot_is_single_tenant_with_the_teams_channel_and_our_endpoint()
    {
        var template = await BuildMainTemplate();
        var bot = Assert.Single(ResourcesOfType(template, "Microsoft.BotService/botServices"));
        var channel = Assert.Single(ResourcesOfType(template, "Microsoft.BotService/botServices/channels"));

        Assert.Equal("SingleTenant", (string?)bot["properties"]!["msaAppType"]);
        Assert.Contains("msaAppTenantId", bot["properties"]!.AsObject().Select(p => p.Key));
        Assert.Equal("MsTeamsChannel", (string?)channel["properties"]!["channelName"]);
        var endpoint = Assert.Single(ModuleParameters(template, "bot"), p => p.Key == "messagingEndpoint").Value!.ToJsonString();
        Assert.Contains("/api/messages", endpoint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Storage_has_tables_no_account_keys_and_data_roles_for_the_web_apps_identity()
    {
        var template = await BuildMainTemplate();
        var compiled = template.ToJsonString();

        Assert.Single(ResourcesOfType(template, "Microsoft.Storage/storageAccounts/tableServices/tables"));
        Assert.Empty(ResourcesOfType(template, "Microsoft.Storage/storageAccounts/blobServices/containers"));
        var account = Assert.Single(ResourcesOfType(template, "Microsoft.Storage/storageAccounts"));
        Assert.False((bool)account["properties"]!["allowSharedKeyAccess"]!);
        Assert.DoesNotContain("listKeys", compiled, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("AccountKey=", compiled, StringComparison.Ordinal);
        Assert.DoesNotContain("storage-connection-string", compiled, StringComparison.Ordinal);
        var storageRoles = ResourcesOfType(template, "Microsoft.Authorization/roleAssignments")
            .Where(r => r.ToJsonString().Contains("Microsoft.Storage/storageAccounts", StringComparison.Ordinal)).ToList();
        foreach (var role in new[] { "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "974c5e8b-45b9-4653-ba55-5f855dd0fb88", "ba92f5b4-2d11-453d-a403-e96b0029c9fe" })
        {
            Assert.Contains(role, compiled, StringComparison.Ordinal); // Table, Queue and Blob Data Contributor
        }
        var assignment = Assert.Single(storageRoles);
        Assert.Contains("principalId", assignment["properties"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Single(ResourcesOfType(template, "Microsoft.KeyVault/vaults"));
        Assert.Single(ResourcesOfType(template, "Microsoft.Insights/components"));
    }

    [Fact]
    public async Task Linter_configuration_turns_rule_violations_into_errors()
    {
        using var folder = new TempFolder();
        File.Copy(Path.Combine(RepoPaths.Infra, "bicepconfig.json"), folder.File("bicepconfig.json"));
        var bad = folder.File("bad.bicep");
        await File.WriteAllTextAsync(bad, """
            param unusedName string
            @secure()
            param password string = 'not-a-secret'
            output leaked string = password
            """);

        var result = await Bicep("lint", bad);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Error no-unused-params", result.AllOutput, StringComparison.Ordinal);
        Assert.Contains("Error secure-parameter-default", result.AllOutput, StringComparison.Ordinal);
        Assert.Contains("Error outputs-should-not-contain-secrets", result.AllOutput, StringComparison.Ordinal);
    }

    private static Task<ToolResult> Bicep(params string[] arguments)
    {
        Assert.True(File.Exists(RepoPaths.Bicep), $"Bicep CLI missing at {RepoPaths.Bicep} (restored from NuGet Azure.Bicep.CommandLine.linux-x64).");
        return ToolProcess.RunAsync(RepoPaths.Bicep, arguments, RepoPaths.Infra);
    }

    // One compile serves every test that reads the compiled template.
    private static readonly Lazy<Task<ToolResult>> CompiledMain = new(() => Bicep("build", MainTemplate, "--stdout"));

    private static async Task<JsonNode> BuildMainTemplate()
    {
        var result = await CompiledMain.Value;
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonNode.Parse(result.StandardOutput)!;
    }

    /// <summary>Every resource of a type deployed anywhere in the compiled template (nested modules included, <c>existing</c> references not).</summary>
    private static List<JsonObject> ResourcesOfType(JsonNode node, string type)
    {
        var found = new List<JsonObject>();
        switch (node)
        {
            case JsonObject obj:
                if (obj["type"] is JsonValue t && t.TryGetValue<string>(out var value) && value == type && obj["existing"] is null)
                {
                    found.Add(obj);
                }

                foreach (var (_, child) in obj)
                {
                    if (child is not null)
                    {
                        found.AddRange(ResourcesOfType(child, type));
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    if (child is not null)
                    {
                        found.AddRange(ResourcesOfType(child, type));
                    }
                }

                break;
        }

        return found;
    }

    /// <summary>name → value expression of each setting in the compiled appSettings expression (createObject('name', 'X', 'value', …)).</summary>
    private static Dictionary<string, string> AppSettingExpressions(string expression)
    {
        var parts = expression.Split("createObject('name', '", StringSplitOptions.None).Skip(1);
        return parts.ToDictionary(p => p[..p.IndexOf('\'', StringComparison.Ordinal)], p => p[(p.IndexOf('\'', StringComparison.Ordinal) + 1)..]);
    }

    private static JsonObject ModuleParameters(JsonNode template, string moduleName) =>
        ResourcesOfType(template, "Microsoft.Resources/deployments")
            .Single(d => (string?)d["name"] == moduleName)["properties"]!["parameters"]!.AsObject();
}
