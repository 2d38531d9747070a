using System.Text.Json.Nodes;
using Bot.Tests.Harness;
using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.BotFramework.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Ship;

/// <summary>Every command the Teams app manifest offers has a route in the bot, and every message-extension route is offered.</summary>
public sealed class ManifestRoutesTests(BotFixture bot) : IClassFixture<BotFixture>
{
    private static JsonObject Manifest()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "HubSpotTeamsBot.sln"))) dir = dir.Parent;
        return JsonNode.Parse(File.ReadAllText(Path.Combine(dir!.FullName, "manifest", "manifest.template.json")))!.AsObject();
    }

    private ActivityRouter Router => bot.Host.Services.GetRequiredService<ActivityRouter>();

    [Fact]
    public void Every_bot_command_in_the_manifest_is_a_registered_command()
    {
        var titles = Manifest()["bots"]![0]!["commandLists"]!.AsArray()
            .SelectMany(list => list!["commands"]!.AsArray()).Select(c => c!["title"]!.GetValue<string>()).Distinct().ToList();

        Assert.NotEmpty(titles);
        Assert.All(titles, title => Assert.True(Router.HandlesCommand(title), $"the manifest offers '{title}' but no feature handles it"));
    }

    [Fact]
    public void Message_extension_commands_and_routes_match_both_ways()
    {
        var commands = Manifest()["composeExtensions"]![0]!["commands"]!.AsArray()
            .Select(c => (Id: c!["id"]!.GetValue<string>(), Type: c["type"]?.GetValue<string>() ?? "query")).ToList();
        var queryRoutes = Router.InvokeKeys(InvokeNames.ComposeQuery).ToHashSet();
        var actionRoutes = Router.InvokeKeys(InvokeNames.ComposeFetchTask).Concat(Router.InvokeKeys(InvokeNames.ComposeSubmitAction)).ToHashSet();

        foreach (var (id, type) in commands)
            Assert.True((type == "action" ? actionRoutes : queryRoutes).Contains(id), $"the manifest offers {type} command '{id}' but the bot has no route for it");
        Assert.Subset(commands.Select(c => c.Id).ToHashSet(), queryRoutes.Concat(actionRoutes).ToHashSet());
    }
}
