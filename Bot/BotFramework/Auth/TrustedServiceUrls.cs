using System.Collections.Concurrent;

namespace HubSpotTeamsBot.BotFramework.Auth;

/// <summary>
/// Service URLs that arrived in a validated token's <c>serviceurl</c> claim. The connector client sends the bot's
/// token to these only, so a forged activity cannot make the bot hand its token to another host.
/// </summary>
public sealed class TrustedServiceUrls
{
    private readonly ConcurrentDictionary<string, byte> _urls = new(StringComparer.OrdinalIgnoreCase);

    public void Trust(string serviceUrl) => _urls.TryAdd(Normalize(serviceUrl), 0);

    public bool IsTrusted(string serviceUrl) => _urls.ContainsKey(Normalize(serviceUrl));

    private static string Normalize(string url) => url.TrimEnd('/');
}
