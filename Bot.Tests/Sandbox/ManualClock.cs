namespace Bot.Tests.Sandbox;

/// <summary>A clock the test moves by hand, so expiry and rate-limit windows do not depend on machine speed.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
