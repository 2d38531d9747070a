using System.IO.Compression;
using System.Text.Json.Nodes;

namespace Bot.Tests.Ship;

/// <summary>Builds the Teams app package once, with sample settings, for the manifest tests.</summary>
public sealed class ManifestPackageFixture : IAsyncLifetime
{
    public const string TeamsAppId = "8a4e9f3c-1b2d-4e5f-9a6b-7c8d9e0f1a2b";
    public const string BotAppId = "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0";
    public const string BotHost = "contoso-hsbot-bot.azurewebsites.net";
    public const string AppVersion = "1.2.3";

    private readonly string _output = Path.Combine(Path.GetTempPath(), "ship-package-" + Guid.NewGuid().ToString("n"));

    public ToolResult Build { get; private set; } = new(-1, string.Empty, string.Empty);

    public string ZipPath => Path.Combine(_output, "appPackage.zip");

    public string ManifestPath => Path.Combine(_output, "manifest.json");

    public async Task InitializeAsync()
    {
        Build = await BuildPackageAsync(
            ["--teams-app-id", TeamsAppId, "--bot-app-id", BotAppId, "--bot-host", BotHost, "--app-version", AppVersion, "--out", _output]);
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(_output))
        {
            Directory.Delete(_output, recursive: true);
        }

        return Task.CompletedTask;
    }

    /// <summary>The manifest.json as stored inside the zip (what Teams reads).</summary>
    public JsonObject ReadManifestFromZip()
    {
        using var zip = ZipFile.OpenRead(ZipPath);
        using var stream = zip.GetEntry("manifest.json")!.Open();
        return JsonNode.Parse(stream)!.AsObject();
    }

    public static Task<ToolResult> BuildPackageAsync(IEnumerable<string> options, IReadOnlyDictionary<string, string?>? environment = null) =>
        ToolProcess.RunAsync("node", [Path.Combine(RepoPaths.Manifest, "build-package.mjs"), .. options], RepoPaths.Root, environment);
}
