using System.Diagnostics;
using System.Net;
using Bot.Tests.Harness;
using Xunit.Abstractions;

namespace Bot.Tests.Webhooks;

/// <summary>
/// Behind App Service the bot sees http://127.0.0.1:port while HubSpot called and signed https://&lt;public host&gt;/…:
/// the signature is checked against Bot:PublicBaseUrl + path + query, never against the URL the request arrived on.
/// </summary>
public sealed class WebhookPublicUrlTests(WebhookCluster cluster, ITestOutputHelper output) : IClassFixture<WebhookCluster>
{
    private static readonly Uri PublicUrl = new("https://bot.contoso.example/api/hubspot/webhooks");

    [Fact]
    public async Task A_request_signed_for_the_public_URL_is_accepted_and_one_signed_for_the_local_URL_is_not()
    {
        var handler = new RecordingEventHandler();
        await using var bot = cluster.StartBot(handler, "pub" + Guid.NewGuid().ToString("N")[..8],
            new Dictionary<string, string?> { ["Bot:PublicBaseUrl"] = "https://bot.contoso.example/" });
        await WebhookBotFixture.LinkAsync(bot.Services, ChannelSimulator.BotTenantId, WebhookBotFixture.PortalId);
        using var http = new HttpClient();

        var local = SignedWebhooks.Event(WebhookBotFixture.PortalId);
        using (var refused = await http.SendAsync(SignedWebhooks.Request(bot.WebhookUrl, SignedWebhooks.Body(local))))
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        var timings = new List<double>();
        var accepted = new List<long>();
        for (var i = 0; i < 20; i++)
        {
            var item = SignedWebhooks.Event(WebhookBotFixture.PortalId);
            accepted.Add(item["eventId"]!.GetValue<long>());
            var query = i % 2 == 0 ? "" : "?source=hubspot&n=" + i;
            var clock = Stopwatch.StartNew();
            using var response = await http.SendAsync(SignedWebhooks.Request(new Uri(bot.WebhookUrl + query), SignedWebhooks.Body(item), signedUrl: new Uri(PublicUrl + query)));
            timings.Add(clock.Elapsed.TotalMilliseconds);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        await handler.WaitForAsync(accepted);
        Assert.Equal(0, handler.TimesHandled(local["eventId"]!.GetValue<long>()));
        timings.Sort();
        output.WriteLine($"accepted in p50 {timings[timings.Count / 2]:F0} ms, max {timings[^1]:F0} ms (verify + store in the queue)");
    }
}
