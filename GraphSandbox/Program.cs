using Microsoft.Extensions.Options;

namespace GraphSandbox;

/// <summary>The Graph stand-in as its own process, for ./run.sh: the Playground's people as the directory plus the
/// groups named in configuration, served on the configured loopback URL. Never point production at it.</summary>
internal static class Program
{
    private static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Services.AddOptions<DirectoryOptions>().Bind(builder.Configuration.GetSection(DirectoryOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        var app = builder.Build();
        var options = app.Services.GetRequiredService<IOptions<DirectoryOptions>>().Value;

        var graph = new StubGraph();
        var people = PlaygroundPeople.AddTo(graph.Directory, options.PlaygroundConfig);
        foreach (var (name, members) in options.Groups)
        {
            var group = graph.Directory.AddGroup(name);
            foreach (var upn in members)
            {
                var user = graph.Directory.FindUser(upn)
                    ?? throw new OptionsValidationException(DirectoryOptions.Section, typeof(DirectoryOptions), [$"Directory:Groups:{name} names {upn}, who is not in the Playground config."]);
                graph.Directory.AddMember(group, user.Id);
            }
        }

        graph.MapTo(app);
        app.Logger.LogInformation("Graph stand-in serving {People} people and {Groups} groups from {Config}", people, options.Groups.Count, options.PlaygroundConfig);
        await app.RunAsync();
    }
}
