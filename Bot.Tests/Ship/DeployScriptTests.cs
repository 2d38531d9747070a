namespace Bot.Tests.Ship;

/// <summary>
/// deploy.ps1 (and the parse check of run.ps1) through PowerShell 7 (the local dotnet tool from .config/dotnet-tools.json). Azure is never
/// reached: the dry run gets fake az/dotnet/node commands that record any call, and the real-run test
/// gets no tools at all.
/// </summary>
public sealed class DeployScriptTests
{
    private static readonly string[] SampleArguments =
        ["-NamePrefix", "contoso-hsbot", "-Location", "westeurope", "-HubSpotClientId", "6f2c1a0e-1111-2222-3333-444455556666"];

    [Theory]
    [InlineData("deploy.ps1")]
    [InlineData("run.ps1")] // the PowerShell twin of run.sh
    public async Task Script_parses_without_errors(string script)
    {
        var result = await ParseErrorsOf(Path.Combine(RepoPaths.Root, script));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("parse errors: 0", result.StandardOutput.Trim());
    }

    [Fact]
    public async Task Parse_check_reports_errors_in_a_broken_script()
    {
        using var folder = new TempFolder();
        var broken = folder.File("broken.ps1");
        await File.WriteAllTextAsync(broken, "param([string] $Name\nif ($Name) { Write-Host 'unclosed' \n");

        var result = await ParseErrorsOf(broken);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.NotEqual("parse errors: 0", result.StandardOutput.Trim().Split('\n')[0].Trim());
    }

    [Fact]
    public async Task WhatIf_prints_the_plan_and_calls_nothing()
    {
        using var fakeBin = new TempFolder();
        var callLog = fakeBin.File("calls.log");
        foreach (var tool in new[] { "az", "dotnet", "node" })
        {
            WriteRecordingCommand(fakeBin.File(tool), tool, callLog);
        }

        var result = await Pwsh(fakeBin.Path, ["-File", RepoPaths.DeployScript, .. SampleArguments, "-Admins", "alice@contoso.com,b0b00000-0000-4000-8000-000000000003", "-WhatIf"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var output = result.StandardOutput;
        string[] expectedLines =
        [
            "(dry run: nothing is changed, Azure is not called)",
            "Resource group:    contoso-hsbot-rg (westeurope)",
            "Messaging endpoint: https://contoso-hsbot-bot.azurewebsites.net/api/messages",
            "What if: Performing the operation \"Create or reuse resource group\" on target \"contoso-hsbot-rg in westeurope\".",
            "What if: Performing the operation \"Create or reuse Entra app registration (single tenant)",
            "What if: Performing the operation \"Create a bot client secret if Key Vault has none",
            "What if: Performing the operation \"Deploy infra/main.bicep: App Service plan + Linux web app (.NET 10)",
            "What if: Performing the operation \"Publish Bot/Bot.csproj (dotnet publish, zip deploy)\" on target \"contoso-hsbot-bot\".",
            "What if: Performing the operation \"Build Teams app package for bot <bot app id> on contoso-hsbot-bot.azurewebsites.net\"",
            "add the redirect URL https://contoso-hsbot-bot.azurewebsites.net/auth/hubspot/callback",
            "HubSpot webhooks:  https://contoso-hsbot-bot.azurewebsites.net/api/hubspot/webhooks",
            "webhook target URL to https://contoso-hsbot-bot.azurewebsites.net/api/hubspot/webhooks",
            "a bootstrap admin sends: connect",
            "Bootstrap admins:  alice@contoso.com, b0b00000-0000-4000-8000-000000000003",
            "Bot__PublicBaseUrl = https://contoso-hsbot-bot.azurewebsites.net/",
            "Roles__BootstrapAdmins__0 = <object id of alice@contoso.com>",
            "Roles__BootstrapAdmins__1 = b0b00000-0000-4000-8000-000000000003",
        ];
        Assert.All(expectedLines, line => Assert.Contains(line, output, StringComparison.Ordinal));
        Assert.False(File.Exists(callLog), File.Exists(callLog) ? "tools were called: " + File.ReadAllText(callLog) : string.Empty);
    }

    [Fact]
    public async Task Real_run_without_the_azure_cli_says_what_to_install()
    {
        using var emptyBin = new TempFolder();

        var result = await Pwsh(emptyBin.Path, ["-File", RepoPaths.DeployScript, .. SampleArguments]);

        Assert.NotEqual(0, result.ExitCode);
        var message = string.Join(' ', result.AllOutput.Split((char[])['\n', ' ', '|'], StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("needs these tools for a real deployment", message, StringComparison.Ordinal);
        Assert.Contains("- az: Azure CLI", message, StringComparison.Ordinal);
        Assert.Contains("-WhatIf", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_name_prefix_is_refused_before_anything_runs()
    {
        using var emptyBin = new TempFolder();

        var result = await Pwsh(emptyBin.Path, ["-File", RepoPaths.DeployScript, "-NamePrefix", "Contoso_Bot", "-Location", "westeurope", "-HubSpotClientId", "x", "-WhatIf"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("NamePrefix", result.AllOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("What if:", result.StandardOutput, StringComparison.Ordinal);
    }

    private static Task<ToolResult> ParseErrorsOf(string scriptPath)
    {
        const string Parse = """
            $tokens = $null; $errors = $null
            [System.Management.Automation.Language.Parser]::ParseFile($env:SHIP_PARSE_FILE, [ref]$tokens, [ref]$errors) | Out-Null
            "parse errors: $($errors.Count)"
            $errors | ForEach-Object { $_.Message }
            """;
        return Pwsh(["-Command", Parse], new Dictionary<string, string?> { ["SHIP_PARSE_FILE"] = scriptPath });
    }

    /// <summary>Runs pwsh (local dotnet tool) from the repository root with only <paramref name="path"/> on PATH.</summary>
    private static Task<ToolResult> Pwsh(string path, string[] arguments) =>
        Pwsh(arguments, new Dictionary<string, string?> { ["PATH"] = path });

    private static Task<ToolResult> Pwsh(string[] arguments, IReadOnlyDictionary<string, string?> environment) =>
        ToolProcess.RunAsync(RepoPaths.Dotnet, ["tool", "run", "pwsh", "--", "-NoProfile", "-NonInteractive", .. arguments], RepoPaths.Root, environment);

    private static void WriteRecordingCommand(string path, string name, string callLog)
    {
        File.WriteAllText(path, $"#!/bin/sh\necho \"{name} $*\" >> '{callLog}'\nexit 1\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
