using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace GraphSandbox;

/// <summary>Fills the directory with the people of an Agents Playground config file (currentUser and users), so
/// a local run's directory holds exactly the people who can chat in the Playground, under the same object ids.</summary>
public static class PlaygroundPeople
{
    public static int AddTo(StubDirectory directory, string configPath)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var config = new DeserializerBuilder()
            .WithNamingConvention(CamelCaseNamingConvention.Instance)
            .IgnoreUnmatchedProperties()
            .Build()
            .Deserialize<PlaygroundConfig>(File.ReadAllText(configPath));

        var people = new[] { config.CurrentUser }.Concat(config.Users ?? []).OfType<PlaygroundUser>()
            .Where(p => !string.IsNullOrWhiteSpace(p.AadObjectId) && !string.IsNullOrWhiteSpace(p.Name)).ToList();
        foreach (var person in people)
        {
            // The Playground's schema spells it "userPrincipleName".
            var upn = person.UserPrincipleName ?? person.Email ?? $"{person.AadObjectId}@playground.local";
            directory.AddUser(person.Name!, upn, person.Email, id: person.AadObjectId);
        }

        return people.Count;
    }

    private sealed class PlaygroundConfig
    {
        public PlaygroundUser? CurrentUser { get; set; }
        public List<PlaygroundUser>? Users { get; set; }
    }

    private sealed class PlaygroundUser
    {
        public string? Name { get; set; }
        public string? UserPrincipleName { get; set; }
        public string? AadObjectId { get; set; }
        public string? Email { get; set; }
    }
}
