using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using Bot.Tests.Harness;

namespace Bot.Tests.Reliability;

/// <summary>
/// Posts raw bodies to <c>/api/messages</c> with a valid channel token bound to the simulator's serviceUrl (minted per
/// request, as the Bot Connector does), a few at a time, and records every answer.
/// </summary>
public sealed class FuzzPoster(FuzzBotFixture bot, int parallel = 6)
{
    public async Task<IReadOnlyList<FuzzResult>> PostAllAsync(IReadOnlyList<FuzzCase> cases)
    {
        var results = new ConcurrentBag<FuzzResult>();
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (fuzz, ct) =>
            results.Add(await PostAsync(fuzz, ct)));
        return [.. results.OrderBy(r => r.Case.Index)];
    }

    private async Task<FuzzResult> PostAsync(FuzzCase fuzz, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(fuzz.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bot.Simulator.MintToken(new TokenSpec { ServiceUrl = bot.Simulator.ServiceUrl }));
        try
        {
            using var response = await bot.Http.SendAsync(request, ct);
            await response.Content.ReadAsStringAsync(ct);
            return new FuzzResult(fuzz, response.StatusCode, null);
        }
        catch (HttpRequestException e)
        {
            return new FuzzResult(fuzz, null, $"transport failure: {e.Message}");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return new FuzzResult(fuzz, null, "no answer before the client timeout");
        }
    }
}
