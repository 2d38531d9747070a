using System.Net.Http.Json;
using Bot.Tests.Harness;

namespace PipelineBench;

/// <summary>
/// Exercises every simulator endpoint once before any target starts, so the first target's cold start does not
/// also pay for the simulator's own JIT and first TLS handshake.
/// </summary>
internal static class SimulatorWarmUp
{
    public static async Task RunAsync(ChannelSimulator simulator)
    {
        var thumbprint = simulator.Certificate.GetCertHashString();
        using var http = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == thumbprint },
        });
        (await http.GetAsync(new Uri(simulator.OpenIdMetadataUrl))).EnsureSuccessStatusCode();
        (await http.GetAsync(new Uri($"{simulator.BaseUrl}/v1/.well-known/keys"))).EnsureSuccessStatusCode();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = ChannelSimulator.AppId,
            ["client_secret"] = ChannelSimulator.AppPassword,
            ["grant_type"] = "client_credentials",
            ["scope"] = "https://api.botframework.com/.default",
        });
        (await http.PostAsync(new Uri($"{simulator.TokenAuthority.TrimEnd('/')}/{ChannelSimulator.BotTenantId}/oauth2/v2.0/token"), form)).EnsureSuccessStatusCode();
        // A typing activity: the reply tracker ignores it, so it ends no turn.
        (await http.PostAsJsonAsync(new Uri($"{simulator.ServiceUrl}v3/conversations/warm-up/activities"), new { type = "typing" })).EnsureSuccessStatusCode();
        for (var i = 0; i < 20; i++) _ = simulator.MintToken();
    }
}
