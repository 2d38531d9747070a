using System.Net;
using Xunit.Abstractions;

namespace Bot.Tests.Reliability;

/// <summary>
/// Issue 19: the invoke payload parsers refuse every malformed shape with a clear 400 — through real HTTP against the
/// real bot with a linked portal — and the bot stays healthy (no 5xx, no error logged, still answers help).
/// </summary>
[Collection(FuzzCollection.Name)]
public sealed class FuzzPayloadTests(FuzzBotFixture bot, ITestOutputHelper output)
{
    private readonly FuzzRun _run = new(bot, output);

    [Fact]
    public async Task Every_malformed_invoke_value_is_refused_with_400_and_a_bad_card_submit_is_acknowledged()
    {
        await _run.ResetAsync();
        var cases = new FuzzPayloadCases(bot).Cases();

        var results = await _run.RunAsync("fuzzing: malformed invoke payloads", cases);

        var invokes = results.Where(r => r.Case.IsInvoke).ToList();
        Assert.True(invokes.Count > 150, $"only {invokes.Count} invoke cases");
        var notRefused = invokes.Where(r => r.Status != HttpStatusCode.BadRequest).ToList();
        Assert.True(notRefused.Count == 0, $"{notRefused.Count} malformed invokes were not refused with 400; first: {string.Join("\n", notRefused.Take(5))}");
        Assert.All(results.Where(r => !r.Case.IsInvoke), r => Assert.Equal(HttpStatusCode.Accepted, r.Status));
    }
}
