using System.Text.Json.Nodes;

namespace Bot.Tests.Ship;

/// <summary>
/// The rendered manifest against two independent validators: the official JSON schema from npm
/// @microsoft/app-manifest (through manifest/validate-manifest.mjs) and the Microsoft 365 Agents Toolkit CLI.
/// Broken manifests must fail both, which shows the validators really look at the file.
/// </summary>
public sealed class ManifestValidationTests(ManifestPackageFixture package) : IClassFixture<ManifestPackageFixture>
{
    public static TheoryData<string, string> BrokenManifests => new()
    {
        { "missing botId", "botId" },
        { "command id longer than 64 characters", "must NOT have more than 64 characters" },
        { "unknown command type", "must be equal to one of the allowed values" },
    };

    public static TheoryData<string> BrokenManifestKinds => new(BrokenManifests.Select(row => (string)row[0]));

    [Fact]
    public async Task Rendered_manifest_passes_the_official_schema_for_its_version()
    {
        Assert.True(package.Build.ExitCode == 0, package.Build.ToString());
        var version = (string)package.ReadManifestFromZip()["manifestVersion"]!;
        var schema = Path.Combine(RepoPaths.Root, "node_modules", "@microsoft", "app-manifest", "build", "json-schemas", "teams", $"v{version}", "MicrosoftTeams.schema.json");
        Assert.True(File.Exists(schema), $"no official schema for manifest {version} at {schema}");

        var result = await ValidateWithSchemaAsync(package.ManifestPath);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("is valid", result.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BrokenManifests))]
    public async Task Schema_validation_rejects_a_broken_manifest(string breakage, string expectedProblem)
    {
        using var folder = new TempFolder();
        var broken = WriteBroken(folder, breakage);

        var result = await ValidateWithSchemaAsync(broken);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expectedProblem, result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agents_toolkit_validate_accepts_the_rendered_manifest()
    {
        var result = await ValidateWithAtkAsync(package.ManifestPath);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("All passed", result.AllOutput, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BrokenManifestKinds))]
    public async Task Agents_toolkit_validate_rejects_a_broken_manifest(string breakage)
    {
        // The toolkit words its errors its own way; its exit code is what callers rely on.
        using var folder = new TempFolder();
        var broken = WriteBroken(folder, breakage);

        var result = await ValidateWithAtkAsync(broken);

        Assert.True(result.ExitCode != 0, result.ToString());
    }

    private string WriteBroken(TempFolder folder, string breakage)
    {
        var manifest = JsonNode.Parse(File.ReadAllText(package.ManifestPath))!.AsObject();
        var firstCommand = manifest["composeExtensions"]![0]!["commands"]![0]!.AsObject();
        switch (breakage)
        {
            case "missing botId":
                manifest["bots"]![0]!.AsObject().Remove("botId");
                break;
            case "command id longer than 64 characters":
                firstCommand["id"] = new string('x', 65);
                break;
            case "unknown command type":
                firstCommand["type"] = "search";
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(breakage), breakage, "unknown breakage");
        }

        var path = folder.File("manifest.json");
        File.WriteAllText(path, manifest.ToJsonString());
        return path;
    }

    private static Task<ToolResult> ValidateWithSchemaAsync(string manifestPath) =>
        ToolProcess.RunAsync("node", [Path.Combine(RepoPaths.Manifest, "validate-manifest.mjs"), manifestPath], RepoPaths.Root);

    private static Task<ToolResult> ValidateWithAtkAsync(string manifestPath)
    {
        // npm @microsoft/m365agentstoolkit-cli (a devDependency) provides node_modules/.bin/atk;
        // ATK_CLI points elsewhere when trying another install.
        var atk = Environment.GetEnvironmentVariable("ATK_CLI") is { Length: > 0 } custom ? custom : RepoPaths.NodeModulesBin("atk");
        Assert.True(File.Exists(atk), $"{atk} is missing: npm ci must install @microsoft/m365agentstoolkit-cli (see package.json).");
        return ToolProcess.RunAsync(atk, ["validate", "--manifest-file", manifestPath], Path.GetDirectoryName(manifestPath)!);
    }
}
