using System.Net;
using System.Text.Json.Nodes;
using Bot.Tests.Harness;
using Bot.Tests.Webhooks;

namespace Bot.Tests.Sandbox;

/// <summary>
/// The sandbox's webhook sender against a bare receiver: every write through the API and through the "HubSpot UI"
/// admin endpoint gives the events HubSpot would send, in signed v3 batches; failed deliveries are retried with
/// attemptNumber counting up; the fault plan duplicates and re-sends batches.
/// </summary>
public sealed class SandboxWebhookTests : IAsyncLifetime
{
    private const string Objects = $"/crm/objects/{SandboxHost.ApiVersion}";
    private static readonly string[] ExpectedKinds =
        ["contact.creation", "deal.creation", "deal.deletion", "deal.propertyChange:amount", "deal.propertyChange:dealstage", "object.creation"];
    private WebhookReceiver _receiver = null!;
    private SandboxHost _sandbox = null!;

    public async Task InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        _sandbox = SandboxHost.Start(new Dictionary<string, string?>
        {
            ["Sandbox:Webhooks:TargetUrl"] = _receiver.Url.ToString(),
            ["Sandbox:Webhooks:BatchWindowMs"] = "50",
            ["Sandbox:Webhooks:RetryDelayMs"] = "100",
        });
    }

    public async Task DisposeAsync()
    {
        await _sandbox.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task Writes_through_the_API_send_signed_batches_of_the_subscribed_events()
    {
        var tokens = await _sandbox.ConnectPortalAsync();
        using var api = _sandbox.ApiClient(tokens.AccessToken);
        var (_, contact) = await Json.SendAsync(api, HttpMethod.Post, $"{Objects}/contacts", new { properties = new { email = "hook@example.com", firstname = "Hook" } });
        var (_, deal) = await Json.SendAsync(api, HttpMethod.Post, $"{Objects}/deals", new { properties = new { dealname = "Hooked", dealstage = "appointmentscheduled", amount = 100 } });
        var dealId = deal.GetProperty("id").GetString();
        var (patched, _) = await Json.SendAsync(api, HttpMethod.Patch, $"{Objects}/deals/{dealId}", new { properties = new { dealstage = "contractsent", amount = 250, description = "not subscribed" } });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var (_, task) = await Json.SendAsync(api, HttpMethod.Post, $"{Objects}/tasks", new { properties = new { hs_timestamp = "2026-12-06T10:00:00Z", hs_task_subject = "Call back" } });
        var (deleted, _) = await Json.SendAsync(api, HttpMethod.Delete, $"{Objects}/deals/{dealId}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        var events = await _receiver.WaitForEventsAsync(e => e.Any(x => (string?)x["subscriptionType"] == "deal.deletion"));
        string Kinds(JsonObject e) => $"{e["subscriptionType"]}{(e["propertyName"] is { } p ? ":" + p : "")}";
        // One event per subscribed change; "description" is not subscribed, and hs_is_closed follows the stage unseen.
        Assert.Equal(ExpectedKinds, events.Select(Kinds).Order(StringComparer.Ordinal).ToArray());
        Assert.All(events, e => Assert.Equal(tokens.PortalId, e["portalId"]!.GetValue<long>()));
        Assert.All(events, e => Assert.Equal("INTEGRATION", (string?)e["changeSource"]));
        Assert.Equal(events.Count, events.Select(e => e["eventId"]!.GetValue<long>()).Distinct().Count());
        Assert.Equal("contractsent", (string?)events.Single(e => (string?)e["propertyName"] == "dealstage")["propertyValue"]);
        var taskEvent = events.Single(e => (string?)e["subscriptionType"] == "object.creation");
        Assert.Equal("0-27", (string?)taskEvent["objectTypeId"]);
        Assert.Equal(task.GetProperty("id").GetString(), taskEvent["objectId"]!.ToJsonString());
        Assert.Equal(contact.GetProperty("id").GetString(), events.Single(e => (string?)e["subscriptionType"] == "contact.creation")["objectId"]!.ToJsonString());

        foreach (var request in _receiver.Requests)
        {
            Assert.Equal(SignedWebhooks.Sign(SandboxHost.ClientSecret, "POST", _receiver.Url.ToString(), request.Body, request.Timestamp!), request.Signature);
            Assert.InRange(long.Parse(request.Timestamp!, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            Assert.NotNull(request.LegacySignature);
            Assert.InRange(request.Events.Count, 1, 100);
        }
    }

    [Fact]
    public async Task A_change_made_in_the_HubSpot_UI_sends_a_CRM_UI_event_attributed_to_the_user()
    {
        var deals = await Json.SendAsync(_sandbox.Http, HttpMethod.Get, $"/_sandbox/portals/{SandboxHost.DemoPortalId}/objects/deals");
        var deal = deals.Body.GetProperty("results")[0];
        var id = deal.GetProperty("id").GetString();
        var target = deal.Prop("dealstage") == "contractsent" ? "qualifiedtobuy" : "contractsent";
        var (changed, _) = await Json.SendAsync(_sandbox.Http, HttpMethod.Post, $"/_sandbox/portals/{SandboxHost.DemoPortalId}/changes",
            new { objectType = "deals", objectId = id, properties = new { dealstage = target } });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);

        var events = await _receiver.WaitForEventsAsync(e => e.Any(x => (string?)x["propertyName"] == "dealstage"));
        var stage = events.Single(e => (string?)e["propertyName"] == "dealstage");
        Assert.Equal("CRM_UI", (string?)stage["changeSource"]);
        Assert.StartsWith("userId:", (string?)stage["sourceId"], StringComparison.Ordinal);
        Assert.Equal(target, (string?)stage["propertyValue"]);
        Assert.Equal(SandboxHost.DemoPortalId, stage["portalId"]!.GetValue<long>());

        var (refused, _) = await Json.SendAsync(_sandbox.Http, HttpMethod.Post, $"/_sandbox/portals/{SandboxHost.DemoPortalId}/changes",
            new { objectType = "deals", objectId = id, properties = new { dealstage = "no-such-stage" } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task A_batch_answered_with_errors_is_sent_again_with_the_attempt_number_counting_up()
    {
        _receiver.AnswerNext(500, 503);
        var (created, _) = await Json.SendAsync(_sandbox.Http, HttpMethod.Post, $"/_sandbox/portals/{SandboxHost.DemoPortalId}/changes",
            new { objectType = "contacts", properties = new { email = "retry@example.com" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        await _receiver.WaitForEventsAsync(e => e.Count >= 1);
        var attempts = _receiver.Requests.Select(r => (r.AnsweredStatus, Attempt: r.Events[0]!["attemptNumber"]!.GetValue<int>(), Id: r.Events[0]!["eventId"]!.GetValue<long>())).ToList();
        Assert.Equal([(500, 0), (503, 1), (200, 2)], attempts.Select(a => (a.AnsweredStatus, a.Attempt)).ToList());
        Assert.Single(attempts.Select(a => a.Id).Distinct());
    }

    [Fact]
    public async Task The_fault_plan_duplicates_and_re_sends_batches_so_a_receiver_sees_each_event_several_times()
    {
        var (set, _) = await Json.SendAsync(_sandbox.Http, HttpMethod.Post, "/_sandbox/webhooks", new { faults = new { seed = 7, duplicateRate = 1.0, retryRate = 1.0 } });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var (refused, _) = await Json.SendAsync(_sandbox.Http, HttpMethod.Post, "/_sandbox/webhooks", new { faults = new { duplicateRate = 2.0 } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        await Json.SendAsync(_sandbox.Http, HttpMethod.Post, $"/_sandbox/portals/{SandboxHost.DemoPortalId}/changes",
            new { objectType = "contacts", properties = new { email = "dupes@example.com" } });
        var events = await _receiver.WaitForEventsAsync(e => e.Count >= 3);
        Assert.Single(events.Select(e => e["eventId"]!.GetValue<long>()).Distinct());
        Assert.Equal([0, 0, 1], events.Select(e => e["attemptNumber"]!.GetValue<int>()).Order().ToList());
    }
}
