using System.Text.RegularExpressions;
using Bot.Tests.Ship;

namespace Bot.Tests.Architecture;

/// <summary>
/// Module-to-module uses declared in the bot's source by <c>using</c> directives. The compiled assembly cannot show
/// every use: a constant (a card verb, a route name) is copied into the code that reads it and leaves no reference.
/// </summary>
internal static partial class SourceEdges
{
    public static IReadOnlyDictionary<(string From, string To), string> Read()
    {
        var edges = new Dictionary<(string, string), string>();
        var bot = Path.Combine(RepoPaths.Root, "Bot");
        var files = Directory.EnumerateFiles(bot, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            var from = LayerMap.ModuleOf(Namespace().Match(text) is { Success: true } m ? m.Groups[1].Value : "", "");
            if (from is null) continue;
            foreach (Match use in Using().Matches(text))
            {
                var to = LayerMap.ModuleOf(use.Groups[1].Value, "");
                if (to is null || to == from) continue;
                edges.TryAdd((from, to), $"{Path.GetRelativePath(RepoPaths.Root, file)} has using {use.Groups[1].Value}");
            }
        }

        return edges;
    }

    [GeneratedRegex(@"^namespace\s+([\w.]+)", RegexOptions.Multiline)]
    private static partial Regex Namespace();

    [GeneratedRegex(@"^using\s+(?:static\s+)?(?:\w+\s*=\s*)?(HubSpotTeamsBot[\w.]*);", RegexOptions.Multiline)]
    private static partial Regex Using();
}
