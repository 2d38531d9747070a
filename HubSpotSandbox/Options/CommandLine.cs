namespace HubSpotSandbox.Options;

/// <summary>Short command-line switches for the local run and benchmarks (e.g. --seed 5000 --latency-ms 150 --enforce-rate-limits).</summary>
public static class CommandLine
{
    public static readonly IReadOnlyDictionary<string, string> SwitchMappings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["--seed"] = "Sandbox:Seed:Contacts",
        ["--seed-deals"] = "Sandbox:Seed:Deals",
        ["--latency-ms"] = "Sandbox:Behaviour:LatencyMs",
        ["--error-rate"] = "Sandbox:Behaviour:ErrorRate",
        ["--enforce-rate-limits"] = "Sandbox:Behaviour:EnforceRateLimits",
        ["--rotate-refresh-tokens"] = "Sandbox:RotateRefreshTokens",
        ["--api-version"] = "Sandbox:ApiVersion",
        ["--webhook-url"] = "Sandbox:Webhooks:TargetUrl",
        ["--webhook-secret"] = "Sandbox:Webhooks:ClientSecret",
    };

    private static readonly string[] Flags = ["--enforce-rate-limits", "--rotate-refresh-tokens"];

    /// <summary>Turns bare flags into "--flag=true": the configuration parser would otherwise take the next switch as their value.</summary>
    public static string[] Normalise(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var result = new List<string>(args.Length);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            var isFlag = Flags.Contains(arg, StringComparer.OrdinalIgnoreCase);
            var nextIsValue = i + 1 < args.Length && args[i + 1] is "true" or "false";
            result.Add(isFlag && !nextIsValue ? arg + "=true" : arg);
        }

        return [.. result];
    }
}
