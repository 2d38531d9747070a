using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.BotFramework.Limits;

/// <summary>
/// Keeps a flood from becoming a flood of identical log lines (a load test once wrote ~21,000 "queue did not take the
/// activity" warnings in 30 s): per line kind, the first occurrence in each <c>TurnLimits:RepeatWindow</c> is written
/// with the number held back in the window before, the rest only counted.
/// </summary>
public sealed class RepeatedLogLines(IOptions<TurnLimitOptions> options, TimeProvider clock)
{
    private readonly RepeatCounter _lines = new(clock, options.Value.RepeatWindow, 1);

    /// <summary>Whether to write this occurrence of <paramref name="kind"/> (a fixed name, never caller data, so the
    /// table stays small); <paramref name="heldBack"/> is how many were not written since the last line.</summary>
    public bool ShouldWrite(string kind, out long heldBack)
    {
        var (write, held) = _lines.Next(kind);
        heldBack = held;
        return write;
    }
}
