using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.Storage;

namespace HubSpotTeamsBot.BotFramework.Queue;

/// <summary>
/// Guards the messages a queued turn sends when its claim may have lapsed, so one activity is not answered by two
/// attempts at once. That happens when storage is away longer than the visibility timeout: the message comes back,
/// another instance takes over the claim while this attempt is still alive (or this attempt is the one that took
/// over, and the first is still alive). Before each message such a turn sends, one read checks that the claim is
/// still this attempt's; if it is not, <see cref="TurnSupersededException"/> stops the turn. A turn whose claim
/// was never at risk (the normal case) sends without the read.
/// </summary>
internal sealed class ClaimFence(IdempotencyStore idempotency, InFlightMessage message, int index, bool tookOver, TimeSpan renewalPeriod)
{
    public async Task EnsureHeldAsync()
    {
        if (!AtRisk) return;
        // Under the message's gate, so a renewal cannot change the claim's ETag between the read and the comparison.
        await message.Gate.WaitAsync(CancellationToken.None);
        try
        {
            if (!message.Claims.TryGetValue(index, out var claim) || await idempotency.IsHeldAsync(claim)) return;
        }
        finally
        {
            message.Gate.Release();
        }
        throw new TurnSupersededException();
    }

    /// <summary>Took over a lapsed claim (its first attempt may be alive), a renewal failed, or renewals fell a period behind.</summary>
    private bool AtRisk => tookOver || message.RenewalFailed || DateTimeOffset.UtcNow >= message.HiddenUntil - renewalPeriod;
}
