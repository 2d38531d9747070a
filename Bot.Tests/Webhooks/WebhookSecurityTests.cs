using System.Net;
using System.Text.Json.Nodes;
using Bot.Tests.Harness;
using Bot.Tests.Reliability;
using Xunit.Abstractions;

namespace Bot.Tests.Webhooks;

/// <summary>
/// <c>POST /api/hubspot/webhooks</c> over real HTTP, against Azurite: a request signed as HubSpot signs is accepted
/// and its events reach the handler; every forged, altered, replayed or unsigned request is refused with 401 and none
/// of its events ever reaches the handler. Counted into the security summary.
/// </summary>
public sealed class WebhookSecurityTests(WebhookBotFixture bot, ITestOutputHelper output) : IClassFixture<WebhookBotFixture>
{
    [Fact]
    public async Task A_request_signed_with_the_client_secret_is_accepted_and_handed_to_the_handler_for_the_linked_tenant()
    {
        var events = new[] { SignedWebhooks.Event(WebhookBotFixture.PortalId), SignedWebhooks.Event(WebhookBotFixture.PortalId, "contact.creation", propertyName: null, propertyValue: null) };
        var body = SignedWebhooks.Body(events);
        using var response = await bot.PostAsync(SignedWebhooks.Request(bot.WebhookUrl, body));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var ids = events.Select(e => e["eventId"]!.GetValue<long>()).ToList();
        await bot.Handler.WaitForAsync(ids);
        var handed = bot.Handler.Events.Where(e => ids.Contains(e.Event.EventId)).ToList();
        Assert.All(handed, e => Assert.Equal(ChannelSimulator.BotTenantId, e.TenantId));
        Assert.Equal("contact.creation", handed.Single(e => e.Event.EventId == ids[1]).Event.SubscriptionType);
        Assert.Equal("contractsent", handed.Single(e => e.Event.EventId == ids[0]).Event.PropertyValue);
        Assert.True(bot.Receipts.Portal(WebhookBotFixture.PortalId).EventsLast24Hours >= 2);
    }

    [Fact]
    public async Task Forged_altered_replayed_and_unsigned_requests_are_refused_and_never_reach_the_handler()
    {
        var tally = new SecurityTally("security: hubspot webhooks in", output);
        var url = bot.WebhookUrl;
        var old = DateTimeOffset.UtcNow.AddMinutes(-6).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var future = DateTimeOffset.UtcNow.AddMinutes(6).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var refusedBefore = bot.Receipts.RefusalsLast24Hours().Last24Hours;
        var attacks = new List<(string Name, Func<string, HttpRequestMessage> Build)>
        {
            ("wrong secret", body => SignedWebhooks.Request(url, body, secret: "someone-elses-secret")),
            ("altered body", body => SignedWebhooks.Request(url, body, signedBody: body.Replace("contractsent", "closedwon", StringComparison.Ordinal))),
            ("altered URL path", body => SignedWebhooks.Request(url, body, signedUrl: new Uri(url, "/api/hubspot/other"))),
            ("altered query", body => SignedWebhooks.Request(new Uri(url + "?portal=1"), body, signedUrl: new Uri(url + "?portal=2"))),
            ("query added after signing", body => SignedWebhooks.Request(new Uri(url + "?x=1"), body, signedUrl: url)),
            ("other host signed", body => SignedWebhooks.Request(url, body, signedUrl: new Uri("https://evil.example/api/hubspot/webhooks"))),
            ("timestamp 6 min old", body => SignedWebhooks.Request(url, body, timestamp: old)),
            ("timestamp 6 min ahead", body => SignedWebhooks.Request(url, body, timestamp: future)),
            ("timestamp swapped after signing", body => Swap(SignedWebhooks.Request(url, body), "X-HubSpot-Request-Timestamp", SignedWebhooks.Now() + "1")),
            ("no signature header", body => Without(SignedWebhooks.Request(url, body), "X-HubSpot-Signature-v3")),
            ("no timestamp header", body => Without(SignedWebhooks.Request(url, body), "X-HubSpot-Request-Timestamp")),
            ("no headers at all", body => SignedWebhooks.Request(url, body, secret: null)),
            ("only the v1 signature", body => Legacy(url, body, 1)),
            ("only the v2 signature", body => Legacy(url, body, 2)),
            ("v1 signature in the v3 header", body => Swap(Legacy(url, body, 1), "X-HubSpot-Signature-v3", "v1")),
            ("empty signature", body => Swap(SignedWebhooks.Request(url, body), "X-HubSpot-Signature-v3", "")),
            ("signature of the hex digest", body => Swap(SignedWebhooks.Request(url, body), "X-HubSpot-Signature-v3", new string('a', 64))),
        };

        var attackIds = new List<long>();
        foreach (var (name, build) in attacks)
        {
            var item = SignedWebhooks.Event(WebhookBotFixture.PortalId);
            attackIds.Add(item["eventId"]!.GetValue<long>());
            using var response = await bot.PostAsync(build(SignedWebhooks.Body(item)));
            tally.Add(name, response.StatusCode == HttpStatusCode.Unauthorized ? [] : [$"answered {(int)response.StatusCode}"]);
        }

        // A valid request after the attacks: once its events are handled, any attack's events would have been too.
        var marker = SignedWebhooks.Event(WebhookBotFixture.PortalId);
        using (var ok = await bot.PostAsync(SignedWebhooks.Request(url, SignedWebhooks.Body(marker)))) Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        await bot.Handler.WaitForAsync([marker["eventId"]!.GetValue<long>()]);
        var leaked = attackIds.Where(id => bot.Handler.TimesHandled(id) > 0).ToList();
        Assert.Empty(leaked);
        Assert.Equal(attacks.Count, bot.Receipts.RefusalsLast24Hours().Last24Hours - refusedBefore);
        Assert.DoesNotContain(bot.Host.Logs.Lines, l => l.Contains(SignedWebhooks.Secret, StringComparison.Ordinal));
        tally.Verdict($"{leaked.Count} events of refused requests handled");
    }

    [Fact]
    public async Task Signed_but_malformed_oversized_or_unknown_portal_bodies_get_4xx_and_nothing_is_handled()
    {
        var url = bot.WebhookUrl;
        var unknown = SignedWebhooks.Event(WebhookBotFixture.UnlinkedPortalId);
        var cases = new (string Body, HttpStatusCode Expected)[]
        {
            ("not json", HttpStatusCode.BadRequest),
            ("{\"eventId\":1}", HttpStatusCode.BadRequest),
            ("[1,2]", HttpStatusCode.BadRequest),
            ("[{\"eventId\":\"x\",\"portalId\":7100200}]", HttpStatusCode.BadRequest),
            ("[{\"portalId\":7100200,\"occurredAt\":1,\"subscriptionType\":\"deal.creation\",\"objectId\":1}]", HttpStatusCode.BadRequest),
            (SignedWebhooks.Body(unknown), HttpStatusCode.Forbidden),
            ("[" + string.Join(',', Enumerable.Range(0, 400).Select(_ => SignedWebhooks.Event(WebhookBotFixture.PortalId).ToJsonString())) + "]", HttpStatusCode.RequestEntityTooLarge),
        };
        foreach (var (body, expected) in cases)
        {
            using var response = await bot.PostAsync(SignedWebhooks.Request(url, body));
            Assert.Equal(expected, response.StatusCode);
        }

        var marker = SignedWebhooks.Event(WebhookBotFixture.PortalId);
        using (var ok = await bot.PostAsync(SignedWebhooks.Request(url, SignedWebhooks.Body(marker)))) Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        await bot.Handler.WaitForAsync([marker["eventId"]!.GetValue<long>()]);
        Assert.Equal(0, bot.Handler.TimesHandled(unknown["eventId"]!.GetValue<long>()));
        Assert.DoesNotContain(bot.Handler.Events, e => e.Event.PortalId == WebhookBotFixture.UnlinkedPortalId);
    }

    [Fact]
    public async Task A_batch_mixing_a_linked_and_an_unlinked_portal_is_acknowledged_and_only_the_linked_events_are_handled()
    {
        var linked = SignedWebhooks.Event(WebhookBotFixture.PortalId);
        var stranger = SignedWebhooks.Event(WebhookBotFixture.UnlinkedPortalId);
        using var response = await bot.PostAsync(SignedWebhooks.Request(bot.WebhookUrl, SignedWebhooks.Body(stranger, linked)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await bot.Handler.WaitForAsync([linked["eventId"]!.GetValue<long>()]);
        Assert.Equal(0, bot.Handler.TimesHandled(stranger["eventId"]!.GetValue<long>()));
    }

    private static HttpRequestMessage Without(HttpRequestMessage request, string header)
    {
        request.Headers.Remove(header);
        return request;
    }

    private static HttpRequestMessage Swap(HttpRequestMessage request, string header, string value)
    {
        request.Headers.Remove(header);
        request.Headers.TryAddWithoutValidation(header, value);
        return request;
    }

    private static HttpRequestMessage Legacy(Uri url, string body, int version)
    {
        var request = SignedWebhooks.Request(url, body, secret: null);
        SignedWebhooks.AddLegacySignature(request, version, url.ToString(), body);
        request.Headers.Add("X-HubSpot-Request-Timestamp", SignedWebhooks.Now());
        return request;
    }
}
