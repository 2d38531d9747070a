using Bot.Tests.Harness;
using HubSpotSandbox.Seed;

namespace PipelineBench;

/// <summary>Keywords whose answers are in the bot's search cache, and what one answer holds.</summary>
internal sealed record WarmQueries(IReadOnlyList<string> Keywords, double MeanResults, double MeanAnswerKiB, TimeSpan WarmingTime);

/// <summary>
/// Hands each concurrency level its own compose keywords and puts their answers in the bot's search cache just
/// before the level runs. Fresh keywords per level, because the cache keeps an answer for a fixed time from when it
/// was fetched (30 s by default): answers left from an earlier level could expire inside this level's window and
/// send a search to HubSpot in the middle of the measurement.
/// </summary>
internal sealed class ComposeQuerySet(TurnDriver driver, int keywordsPerLevel)
{
    private const int MaxAttempts = 20;
    private readonly Queue<string> _candidates = new(Candidates());

    /// <summary>
    /// Asks each next unused keyword until <c>keywordsPerLevel</c> of them answered with results; a keyword HubSpot has
    /// no contacts for is dropped (its answer is a message, not a result list). "Still searching" (the bot's search
    /// limiter or HubSpot's latency, or the invoke budget on a starved box) is asked again until the answer is there.
    /// </summary>
    public async Task<WarmQueries> WarmAsync(HttpClient http, TargetProcess target, TeamsUser user)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var conversation = TeamsConversation.Personal(user);
        var token = driver.MintToken();
        var keywords = new List<string>();
        var results = 0;
        long bytes = 0;
        while (keywords.Count < keywordsPerLevel)
        {
            if (!_candidates.TryDequeue(out var keyword)) throw new InvalidOperationException("Ran out of unused compose keywords; use fewer levels.");
            for (var attempt = 1; ; attempt++)
            {
                using var request = driver.ComposeRequest(target, conversation, user, token, keyword);
                using var answer = await http.SendAsync(request);
                var body = await answer.Content.ReadAsByteArrayAsync();
                var (error, count) = answer.IsSuccessStatusCode ? ComposeAnswer.Check(body) : ($"HTTP {(int)answer.StatusCode}", 0);
                if (error is null)
                {
                    keywords.Add(keyword);
                    results += count;
                    bytes += body.Length;
                    break;
                }
                if (error.StartsWith("message: No contacts match", StringComparison.Ordinal)) break;
                if (error is not ("still searching" or "past the invoke budget") || attempt == MaxAttempts)
                    throw new InvalidOperationException($"{target.Spec.Name}: warming '{keyword}' got {error}:\n{target.Output}");
                await Task.Delay(250);
            }
        }
        return new WarmQueries(keywords, (double)results / keywords.Count, bytes / 1024.0 / keywords.Count, System.Diagnostics.Stopwatch.GetElapsedTime(started));
    }

    // What people type: first names, surnames and company words from the sandbox's seed lists, whole and as the
    // prefixes a typist passes through, each normalised question once.
    private static IEnumerable<string> Candidates()
    {
        var words = Names.First.Concat(Names.Last).Concat(Names.CompanyStems.Select(c => c.Split(' ')[0]))
            .Select(w => w.ToLowerInvariant()).ToList();
        return words.Concat(words.Where(w => w.Length > 5).Select(w => w[..5]))
            .Concat(words.Where(w => w.Length > 4).Select(w => w[..4]))
            .Concat(words.Where(w => w.Length > 3).Select(w => w[..3]))
            .Distinct(StringComparer.Ordinal);
    }
}
