using Bot.Tests.Ship;

namespace Bot.Tests.Production;

/// <summary>L5: what deploy.ps1 zips (the `dotnet publish` output) holds no Development settings, but does hold the
/// production settings file and the public pages.</summary>
public sealed class PublishOutputTests
{
    private static readonly string[] Pages = ["website.md", "privacy.md", "terms.md"];

    [Fact]
    public async Task Publish_output_has_no_development_settings_but_has_the_public_pages()
    {
        using var folder = new TempFolder();
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // …/bin/<configuration>/net10.0/

        var result = await ToolProcess.RunAsync(
            RepoPaths.Dotnet,
            ["publish", Path.Combine(RepoPaths.Root, "Bot", "Bot.csproj"), "--configuration", configuration, "--no-build", "--output", folder.Path],
            RepoPaths.Root);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(File.Exists(Path.Combine(folder.Path, "HubSpotTeamsBot.dll")), "publish produced no app");
        Assert.True(File.Exists(Path.Combine(folder.Path, "appsettings.json")));
        Assert.Empty(Directory.GetFiles(folder.Path, "appsettings.Development*.json", SearchOption.AllDirectories));
        foreach (var page in Pages)
        {
            Assert.True(File.Exists(Path.Combine(folder.Path, "pages", page)), $"pages/{page} is missing from the publish output");
        }
    }
}
