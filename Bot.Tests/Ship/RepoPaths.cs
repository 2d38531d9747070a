using System.Reflection;

namespace Bot.Tests.Ship;

/// <summary>Where the repository, its npm tools and the Bicep CLI are, seen from the test assembly.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Manifest => Path.Combine(Root, "manifest");

    public static string Infra => Path.Combine(Root, "infra");

    public static string DeployScript => Path.Combine(Root, "deploy.ps1");

    public static string NodeModulesBin(string tool) => Path.Combine(Root, "node_modules", ".bin", tool);

    /// <summary>tools/bicep of the Azure.Bicep.CommandLine.linux-x64 package restored for this project.</summary>
    public static string Bicep { get; } = typeof(RepoPaths).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "BicepPath").Value
        ?? throw new InvalidOperationException("The test assembly carries no BicepPath metadata.");

    /// <summary>The dotnet host running the tests; pwsh is a local tool run through it.</summary>
    public static string Dotnet { get; } = FindDotnet();

    public static string Node { get; } = FindOnPath("node");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HubSpotTeamsBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No HubSpotTeamsBot.sln above {AppContext.BaseDirectory}.");
    }

    private static string FindDotnet()
    {
        var fromHost = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromHost) && File.Exists(fromHost))
        {
            return fromHost;
        }

        return FindOnPath("dotnet");
    }

    private static string FindOnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, tool))
            .FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException($"{tool} is not on PATH.");
}
