using HubSpotTeamsBot.BotFramework.Routing;

namespace Bot.Tests.Reliability;

/// <summary>
/// Test-only middleware that counts turns entering and leaving the bot's pipeline, so a fuzz run can wait until every
/// queued activity (answered 202 long before it is handled) has really been handled before reading the logs.
/// </summary>
public sealed class FuzzTurnCounter : IBotFeature
{
    private int _started;
    private int _finished;

    public int Started => Volatile.Read(ref _started);

    public int Finished => Volatile.Read(ref _finished);

    public void MapRoutes(BotRoutes routes) => routes.Use(async (turn, next) =>
    {
        Interlocked.Increment(ref _started);
        try
        {
            await next();
        }
        finally
        {
            Interlocked.Increment(ref _finished);
        }
    });

    /// <summary>Waits until no turn is running and none has started for <paramref name="quiet"/> (or the timeout passes).</summary>
    public async Task<bool> WaitForQuietAsync(TimeSpan quiet, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var lastStarted = -1;
        var stableSince = DateTime.UtcNow;
        while (DateTime.UtcNow < deadline)
        {
            var started = Started;
            if (started != lastStarted || Finished != started)
            {
                lastStarted = started;
                stableSince = DateTime.UtcNow;
            }
            else if (DateTime.UtcNow - stableSince >= quiet)
            {
                return true;
            }
            await Task.Delay(50);
        }
        return false;
    }
}
