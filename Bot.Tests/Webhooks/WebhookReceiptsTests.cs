using Bot.Tests.Storage;
using HubSpotTeamsBot.Webhooks;

namespace Bot.Tests.Webhooks;

/// <summary>The delivery-health figures <c>status</c> reads: per portal and per refusal reason, over the last 24 hours.</summary>
public sealed class WebhookReceiptsTests
{
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 12, 6, 9, 30, 0, TimeSpan.Zero));

    [Fact]
    public void Counts_events_per_portal_and_forgets_them_after_a_day()
    {
        var receipts = new WebhookReceipts(_clock);
        receipts.Accepted(1, 3);
        _clock.Advance(TimeSpan.FromHours(5));
        receipts.Accepted(1, 2);
        receipts.Accepted(2, 7);
        receipts.Failed(1, 2, "HttpRequestException");

        var one = receipts.Portal(1);
        Assert.Equal(5, one.EventsLast24Hours);
        Assert.Equal(_clock.Now, one.LastReceivedAt);
        Assert.Equal(2, one.FailedLast24Hours);
        Assert.Equal("HttpRequestException", one.LastFailure);
        Assert.Equal([1L, 2L], receipts.Portals().Select(p => p.PortalId));

        _clock.Advance(TimeSpan.FromHours(20)); // the first 3 are now 25 hours old
        Assert.Equal(2, receipts.Portal(1).EventsLast24Hours);
        _clock.Advance(TimeSpan.FromHours(5));
        Assert.Equal(0, receipts.Portal(1).EventsLast24Hours);
        Assert.NotNull(receipts.Portal(1).LastReceivedAt);
        Assert.Equal(new PortalWebhookHealth(3, null, 0, 0, null), receipts.Portal(3));
    }

    [Fact]
    public void Counts_refusals_per_reason()
    {
        var receipts = new WebhookReceipts(_clock);
        receipts.Refused(WebhookRefusal.BadSignature);
        receipts.Refused(WebhookRefusal.BadSignature);
        receipts.Refused(WebhookRefusal.StaleTimestamp);
        var refusals = receipts.RefusalsLast24Hours();
        Assert.Equal(3, refusals.Last24Hours);
        Assert.Equal(2, refusals.ByReason[WebhookRefusal.BadSignature]);
        _clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromHours(1));
        Assert.Equal(0, receipts.RefusalsLast24Hours().Last24Hours);
    }
}
