using System.IO.Compression;
using System.Text.Json.Nodes;

namespace Bot.Tests.Ship;

public sealed class ManifestPackageTests(ManifestPackageFixture package) : IClassFixture<ManifestPackageFixture>
{
    private static readonly string[] PersonalCommands =
        ["help", "whoami", "connect", "status", "new contact", "edit contact", "find", "new deal", "update deal", "log note"];

    private static readonly string[] TeamCommands = ["help", "find", "new contact", "new deal", "notify deals", "notify list"];

    [Fact]
    public void Package_holds_the_manifest_and_both_icons_at_the_zip_root()
    {
        Assert.True(package.Build.ExitCode == 0, package.Build.ToString());

        using var zip = ZipFile.OpenRead(package.ZipPath);
        Assert.Equal(["color.png", "manifest.json", "outline.png"], zip.Entries.Select(e => e.FullName).Order());
        foreach (var icon in new[] { "color.png", "outline.png" })
        {
            using var stream = zip.GetEntry(icon)!.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            Assert.Equal(File.ReadAllBytes(Path.Combine(RepoPaths.Manifest, icon)), copy.ToArray());
        }
    }

    [Fact]
    public void Rendered_manifest_carries_the_settings()
    {
        var manifest = package.ReadManifestFromZip();

        Assert.Equal(ManifestPackageFixture.TeamsAppId, (string?)manifest["id"]);
        Assert.Equal(ManifestPackageFixture.AppVersion, (string?)manifest["version"]);
        Assert.Equal(ManifestPackageFixture.BotAppId, (string?)manifest["bots"]![0]!["botId"]);
        Assert.Equal(ManifestPackageFixture.BotAppId, (string?)manifest["composeExtensions"]![0]!["botId"]);
        Assert.Equal([ManifestPackageFixture.BotHost], manifest["validDomains"]!.AsArray().Select(d => (string?)d));
        Assert.Equal($"https://{ManifestPackageFixture.BotHost}/privacy", (string?)manifest["developer"]!["privacyUrl"]);
        Assert.DoesNotContain("{{", manifest.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal((string?)manifest["manifestVersion"], SchemaVersionOf((string)manifest["$schema"]!));
    }

    [Fact]
    public void Bot_offers_its_commands_in_every_scope()
    {
        var bot = package.ReadManifestFromZip()["bots"]![0]!;

        Assert.Equal(["personal", "team", "groupChat"], bot["scopes"]!.AsArray().Select(s => (string?)s));
        var lists = bot["commandLists"]!.AsArray();
        Assert.Equal(PersonalCommands, TitlesFor(lists, "personal"));
        Assert.Equal(TeamCommands, TitlesFor(lists, "team"));
        Assert.Equal(TeamCommands, TitlesFor(lists, "groupChat"));
    }

    [Fact]
    public void Message_extension_has_two_searches_one_action_and_hubspot_link_unfurling()
    {
        var extension = package.ReadManifestFromZip()["composeExtensions"]![0]!;
        var commands = extension["commands"]!.AsArray().ToDictionary(c => (string)c!["id"]!);

        Assert.Equal(["searchContacts", "searchDeals", "logToHubSpot"], commands.Keys);
        foreach (var search in new[] { commands["searchContacts"]!, commands["searchDeals"]! })
        {
            Assert.Equal("query", (string?)search["type"]);
            Assert.True((bool)search["initialRun"]!);
            Assert.Equal(["searchKeyword"], search["parameters"]!.AsArray().Select(p => (string?)p!["name"]));
        }

        Assert.Equal(["compose", "commandBox"], commands["searchContacts"]!["context"]!.AsArray().Select(c => (string?)c));
        var logToHubSpot = commands["logToHubSpot"]!;
        Assert.Equal("action", (string?)logToHubSpot["type"]);
        Assert.True((bool)logToHubSpot["fetchTask"]!);
        Assert.Equal(["message"], logToHubSpot["context"]!.AsArray().Select(c => (string?)c));

        var handler = extension["messageHandlers"]![0]!;
        Assert.Equal("link", (string?)handler["type"]);
        Assert.Equal(
            ["app.hubspot.com", "app-eu1.hubspot.com", "app-na2.hubspot.com"],
            handler["value"]!["domains"]!.AsArray().Select(d => (string?)d));
    }

    [Fact]
    public async Task Settings_can_come_from_environment_variables_and_the_teams_id_defaults_to_the_bot_id()
    {
        using var output = new TempFolder();
        var result = await ManifestPackageFixture.BuildPackageAsync(
            ["--out", output.Path],
            new Dictionary<string, string?>
            {
                ["BOT_APP_ID"] = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee",
                ["BOT_HOST"] = "bot.example.org",
                ["APP_VERSION"] = "2.0.1",
                ["TEAMS_APP_ID"] = null,
            });

        Assert.True(result.ExitCode == 0, result.ToString());
        var manifest = JsonNode.Parse(File.ReadAllText(output.File("manifest.json")))!;
        Assert.Equal("aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee", (string?)manifest["id"]);
        Assert.Equal("aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee", (string?)manifest["bots"]![0]!["botId"]);
        Assert.Equal("2.0.1", (string?)manifest["version"]);
        Assert.Equal("bot.example.org", (string?)manifest["validDomains"]![0]);
        Assert.True(File.Exists(output.File("appPackage.zip")));
    }

    [Theory]
    [InlineData("--bot-host", "https://contoso.example.com/", "BOT_HOST")]
    [InlineData("--bot-app-id", "not-a-guid", "BOT_APP_ID")]
    [InlineData("--app-version", "1.0", "APP_VERSION")]
    public async Task Bad_settings_are_refused_with_a_message_naming_the_setting(string option, string value, string settingName)
    {
        using var output = new TempFolder();
        string[] valid = ["--bot-app-id", ManifestPackageFixture.BotAppId, "--bot-host", ManifestPackageFixture.BotHost];
        var options = new List<string>(valid);
        var at = options.IndexOf(option);
        if (at >= 0)
        {
            options[at + 1] = value;
        }
        else
        {
            options.AddRange([option, value]);
        }

        var result = await ManifestPackageFixture.BuildPackageAsync([.. options, "--out", output.Path]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(settingName, result.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(output.File("appPackage.zip")));
    }

    private static IEnumerable<string?> TitlesFor(JsonArray lists, string scope) =>
        lists.Single(l => l!["scopes"]!.AsArray().Any(s => (string?)s == scope))!["commands"]!.AsArray().Select(c => (string?)c!["title"]);

    private static string SchemaVersionOf(string schemaUrl) =>
        schemaUrl.Split('/').Single(part => part.StartsWith("v1.", StringComparison.Ordinal))[1..];
}
