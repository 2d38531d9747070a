using Xunit.Abstractions;

namespace Bot.Tests.Reliability;

/// <summary>
/// Issue 10, fuzzing: a few thousand generated and mutated activities with valid tokens against the real bot with a
/// linked portal. Each family asserts no 5xx, no unhandled exception, and a healthy bot that still answers `help`.
/// </summary>
[Collection(FuzzCollection.Name)]
public sealed class FuzzTests(FuzzBotFixture bot, ITestOutputHelper output)
{
    private readonly FuzzRun _run = new(bot, output);

    [Fact]
    public async Task Random_and_broken_JSON_bodies_get_4xx_or_are_ignored_never_5xx()
    {
        await _run.ResetAsync();
        var generator = new FuzzGenerator(new FuzzValues(new Random(FuzzRun.Seed)), bot);

        await _run.RunAsync("fuzzing: random JSON", generator.RandomJson(400));
    }

    [Fact]
    public async Task Every_known_field_with_every_wrong_type_is_refused_or_handled()
    {
        await _run.ResetAsync();
        var generator = new FuzzGenerator(new FuzzValues(new Random(FuzzRun.Seed + 1)), bot);

        await _run.RunAsync("fuzzing: wrong types per field", generator.WrongTypes());
    }

    [Fact]
    public async Task Mutated_real_activities_for_every_route_never_break_the_bot()
    {
        await _run.ResetAsync();
        var corpus = await FuzzCorpus.BuildAsync(bot);
        output.WriteLine($"corpus: {corpus.Seeds.Count} seeds: {string.Join(", ", corpus.Seeds.Select(s => s.Description).Distinct())}");
        var generator = new FuzzGenerator(new FuzzValues(new Random(FuzzRun.Seed + 2)), bot);

        await _run.RunAsync("fuzzing: mutated activities", generator.Mutated(corpus, 1000));
    }

    /// <summary>Issue 16: with the three families above (2,120 cases) this brings a run past 5,000 activities.</summary>
    [Fact]
    public async Task Every_route_with_hostile_data_values_and_sizes_never_breaks_the_bot()
    {
        await _run.ResetAsync();
        var cases = new FuzzRouteCases(new FuzzValues(new Random(FuzzRun.Seed + 3)), bot).Cases(3000);

        await _run.RunAsync("fuzzing: every route, hostile data", cases);
    }
}
