using System.ComponentModel.DataAnnotations;

namespace GraphSandbox;

/// <summary>Configuration section "Directory": who is in the stand-in's directory.</summary>
public sealed class DirectoryOptions
{
    public const string Section = "Directory";

    /// <summary>Agents Playground config file whose currentUser and users become the directory's members.</summary>
    [Required]
    public string PlaygroundConfig { get; set; } = "";

    /// <summary>Group display name → member user principal names, so group grants can be tried locally.</summary>
    public Dictionary<string, List<string>> Groups { get; set; } = [];
}
