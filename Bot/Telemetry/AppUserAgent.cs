using System.Net.Http.Headers;

namespace HubSpotTeamsBot.Telemetry;

/// <summary>
/// The User-Agent of every request the bot makes to HubSpot and to the Bot Connector: the app, its version and which
/// instance sent it (App Service's WEBSITE_INSTANCE_ID, else host and process), so a request in HubSpot's, Teams' or
/// a proxy's logs can be traced to the instance of a scaled-out deployment that made it. Nothing secret: the
/// instance id is an opaque host name.
/// </summary>
internal static class AppUserAgent
{
    public static readonly string Instance = InstanceName();

    /// <summary>Built and checked once: parsing it again for every request cost about 1 % of a turn's CPU.</summary>
    private static readonly string Value = Build();

    public static void Apply(HttpRequestHeaders headers) => headers.TryAddWithoutValidation("User-Agent", Value);

    private static string Build()
    {
        var version = typeof(AppUserAgent).Assembly.GetName().Version?.ToString(3) ?? "1.0.0";
        using var check = new HttpRequestMessage();
        check.Headers.UserAgent.Add(new ProductInfoHeaderValue("HubSpotTeamsBot", version));
        check.Headers.UserAgent.Add(new ProductInfoHeaderValue($"(instance {Instance})"));
        return check.Headers.UserAgent.ToString();
    }

    private static string InstanceName()
    {
        var appService = Environment.GetEnvironmentVariable("WEBSITE_INSTANCE_ID");
        var name = string.IsNullOrWhiteSpace(appService) ? $"{Environment.MachineName}-{Environment.ProcessId}" : appService.Trim();
        // A comment in a User-Agent may not hold parentheses or control characters.
        return new string(name.Where(c => c is > ' ' and < '\u007f' and not ('(' or ')' or '\\')).ToArray());
    }
}
