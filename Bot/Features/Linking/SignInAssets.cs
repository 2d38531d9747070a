using System.Security.Cryptography;

namespace HubSpotTeamsBot.Features.Linking;

/// <summary>
/// The scripts the sign-in pages load, embedded in the assembly and served from the bot's own origin: TeamsJS pinned
/// to one npm release (no CDN at sign-in time) and the callback page's script (no inline script, so the CSP can forbid
/// them). Each is referenced with its Subresource Integrity hash.
/// </summary>
public static class SignInAssets
{
    public const string TeamsJsFile = "MicrosoftTeams-2.58.0.min.js";
    public const string CallbackScriptFile = "signin-callback.js";
    public const string PathPrefix = "/auth/hubspot/assets/";

    private static readonly Lazy<IReadOnlyDictionary<string, Asset>> Assets = new(Load);

    /// <param name="Version">A short content hash, put in the URL so the file can be cached for good.</param>
    public sealed record Asset(byte[] Content, string Integrity, string Version);

    public static Asset Get(string file) => Assets.Value[file];

    public static bool TryGet(string file, out Asset asset) => Assets.Value.TryGetValue(file, out asset!);

    /// <summary>The URL path with the content version, for a <c>script</c> tag.</summary>
    public static string UrlOf(string file) => $"{PathPrefix}{file}?v={Get(file).Version}";

    private static Dictionary<string, Asset> Load()
    {
        var assembly = typeof(SignInAssets).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var file in new[] { TeamsJsFile, CallbackScriptFile })
        {
            using var stream = assembly.GetManifestResourceStream("SignInAssets/" + file)
                ?? throw new InvalidOperationException($"The embedded sign-in asset {file} is missing from the build.");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            assets[file] = new Asset(bytes, "sha384-" + Convert.ToBase64String(SHA384.HashData(bytes)),
                Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]);
        }
        return assets;
    }
}
