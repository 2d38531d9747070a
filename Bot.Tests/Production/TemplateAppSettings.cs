using System.Text.Json.Nodes;
using Bot.Tests.Ship;

namespace Bot.Tests.Production;

/// <summary>
/// The web app's app settings exactly as infra/main.bicep produces them for one set of deployment parameters: the
/// template is compiled with the Bicep CLI and the webApp module's appSettings evaluated by <see cref="ArmTemplateEvaluator"/>.
/// </summary>
public static class TemplateAppSettings
{
    /// <summary>What only exists once Azure has deployed the resources: the runtime properties reference() reads.</summary>
    public static readonly IReadOnlyDictionary<string, Dictionary<string, object?>> DeploymentFacts = new Dictionary<string, Dictionary<string, object?>>
    {
        ["appInsights"] = new()
        {
            ["ConnectionString"] = "InstrumentationKey=6f1c0d2e-0000-4000-8000-00000000a1a1;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/;LiveEndpoint=https://westeurope.livediagnostics.monitor.azure.com/",
        },
        ["identity"] = new() { ["clientId"] = "c1e47000-0000-4000-8000-00000000beef", ["principalId"] = "d0d0d0d0-0000-4000-8000-000000000001" },
        ["vault"] = new() { ["vaultUri"] = "https://kvsample.vault.azure.net/" },
    };

    private static readonly Lazy<Task<JsonObject>> Compiled = new(async () =>
    {
        var result = await ToolProcess.RunAsync(RepoPaths.Bicep, ["build", Path.Combine(RepoPaths.Infra, "main.bicep"), "--stdout"], RepoPaths.Infra);
        if (result.ExitCode != 0) throw new InvalidOperationException("bicep build failed:\n" + result);
        return JsonNode.Parse(result.StandardOutput)!.AsObject();
    });

    /// <summary>name → value of every app setting of the web app, in template order.</summary>
    public static async Task<IReadOnlyList<KeyValuePair<string, string>>> ForAsync(IReadOnlyDictionary<string, object?> deploymentParameters)
    {
        var main = await Compiled.Value;
        var root = new ArmTemplateEvaluator(main, deploymentParameters);
        var module = root.Resources["webApp"]!.AsObject();
        var webApp = new ArmTemplateEvaluator(module["properties"]!["template"]!.AsObject(), root.ModuleParameters("webApp"), DeploymentFacts);
        var site = webApp.Resources.Select(r => r.Value!.AsObject()).Single(r => (string?)r["type"] == "Microsoft.Web/sites");
        var settings = webApp.Evaluate(site["properties"]!["siteConfig"]!["appSettings"]) as List<object?>
            ?? throw new InvalidOperationException("appSettings did not evaluate to a list.");
        return settings.Cast<Dictionary<string, object?>>()
            .Select(s => new KeyValuePair<string, string>((string)s["name"]!, s["value"] as string ?? throw new InvalidOperationException($"App setting {s["name"]} is not text.")))
            .ToList();
    }
}
