using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GraphSandbox;

namespace Bot.Tests.Ship;

/// <summary>The local run (./run.sh) names the same people in three places: the Playground config (who can chat),
/// the Graph stand-in's directory (built from that config) and the bot's Development settings plus run.sh (who is
/// admin and editor). If they drift apart, roles stop working locally, so they are checked together.</summary>
public sealed partial class LocalDirectoryTests
{
    private static readonly string PlaygroundConfig = Path.Combine(RepoPaths.Root, "playground", "m365agentsplayground.yml");

    [Fact]
    public void The_Graph_stand_in_holds_every_Playground_person_under_the_object_id_they_chat_with()
    {
        var directory = new StubDirectory();

        var added = PlaygroundPeople.AddTo(directory, PlaygroundConfig);

        var ids = AadObjectIdPattern().Matches(File.ReadAllText(PlaygroundConfig)).Select(m => m.Groups["id"].Value).ToList();
        Assert.Equal(ids.Count, added);
        Assert.True(ids.Count >= 3, "the Playground config names the signed-in user and at least two others");
        Assert.All(ids, id => Assert.True(directory.HasUser(id), $"{id} is in the directory"));
        Assert.Equal("alexw@contoso.com", directory.FindUser(ids[0])!.UserPrincipalName);
        Assert.Equal("Member", directory.FindUser(ids[0])!.UserType);
    }

    [Fact]
    public void The_local_admin_and_editor_are_Playground_people()
    {
        var directory = new StubDirectory();
        PlaygroundPeople.AddTo(directory, PlaygroundConfig);

        var development = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "Bot", "appsettings.Development.json")))!;
        var admin = development["Roles"]!["BootstrapAdmins"]![0]!.GetValue<string>();
        var editor = EditorPattern().Match(File.ReadAllText(Path.Combine(RepoPaths.Root, "run.sh"))).Groups["id"].Value;

        Assert.Equal("Alex Wilber", directory.FindUser(admin)?.DisplayName);
        Assert.Equal("Megan Bowen", directory.FindUser(editor)?.DisplayName);
    }

    [GeneratedRegex(@"aadObjectId:\s*(?<id>[0-9a-fA-F-]{36})")]
    private static partial Regex AadObjectIdPattern();

    [GeneratedRegex(@"^EDITOR_ID=(?<id>[0-9a-fA-F-]{36})", RegexOptions.Multiline)]
    private static partial Regex EditorPattern();
}
