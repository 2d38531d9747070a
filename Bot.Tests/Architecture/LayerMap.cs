namespace Bot.Tests.Architecture;

/// <summary>
/// The bot's modules and the layer each belongs to (docs/ARCHITECTURE.md). A module may use its own types and any
/// module of a lower layer; a module of the same layer or above is an edge against the shape.
/// </summary>
internal static class LayerMap
{
    private const string Root = "HubSpotTeamsBot";

    /// <summary>Lowest first.</summary>
    public static readonly string[][] Layers =
    [
        ["Telemetry"],
        ["BotFramework", "Storage"],
        ["HubSpot", "Identity", "Cards"],
        ["Records", "Webhooks"],
        ["Features.Common"],
        ["Forms"],
        ["Features.Audit", "Features.Contacts", "Features.Conversations", "Features.Deals", "Features.Engagements",
            "Features.Find", "Features.Help", "Features.Linking", "Features.MessageExtension", "Features.Notifications",
            "Features.Roles", "Features.Settings", "Features.Welcome"],
        ["Features", "Production", "PublicPages"],
        ["App"],
    ];

    /// <summary>The module a type belongs to, or null for code that is not ours (compiler-generated helpers).</summary>
    public static string? ModuleOf(string ns, string name)
    {
        if (name.StartsWith('<')) return null;
        if (ns.Length == 0 || ns == Root) return "App";
        if (!ns.StartsWith(Root + ".", StringComparison.Ordinal)) return null;
        var parts = ns[(Root.Length + 1)..].Split('.');
        return parts[0] == "Features" && parts.Length > 1 ? "Features." + parts[1] : parts[0];
    }

    public static int LayerOf(string module)
    {
        for (var i = 0; i < Layers.Length; i++)
        {
            if (Layers[i].Contains(module)) return i;
        }

        throw new InvalidOperationException($"Module {module} is in no layer: add it to LayerMap.Layers (and docs/ARCHITECTURE.md).");
    }

    /// <summary>True when <paramref name="from"/> may use <paramref name="to"/>.</summary>
    public static bool Allowed(string from, string to) => from == to || LayerOf(from) > LayerOf(to);
}
