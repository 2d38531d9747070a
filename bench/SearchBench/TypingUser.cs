using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Bot.Tests.Harness;
using HubSpotSandbox.Seed;

namespace SearchBench;

/// <summary>
/// One person searching contacts in the compose box: picks a first name, surname or company word, types it a letter
/// at a time (each change is a query, as Teams sends them), reads the results, then searches for something else.
/// </summary>
internal sealed class TypingUser(int index, TeamsUser user, ChannelSimulator simulator, HttpClient http, Uri bot, Random random)
{
    private static readonly string[][] Words = [Names.First, Names.Last, Names.CompanyStems];

    public TeamsUser User => user;

    public async Task RunAsync(DateTime until, List<QueryResult> results)
    {
        var token = simulator.MintToken();
        var conversation = TeamsConversation.Personal(user);
        // Users start spread over the first two seconds rather than all on the same tick.
        await Task.Delay(random.Next(0, 2000));
        while (DateTime.UtcNow < until)
        {
            var list = Words[random.Next(Words.Length)];
            var word = list[random.Next(list.Length)].ToLowerInvariant();
            for (var length = 1; length <= Math.Min(word.Length, 6) && DateTime.UtcNow < until; length++)
            {
                var result = await QueryAsync(token, conversation, word[..length]);
                lock (results) results.Add(result);
                await Task.Delay(random.Next(150, 450));
            }
            await Task.Delay(random.Next(1500, 3500));
        }
    }

    private async Task<QueryResult> QueryAsync(string token, TeamsConversation conversation, string keyword)
    {
        var activity = Activities.ComposeQuery(simulator.ServiceUrl, conversation, user, "searchContacts", keyword);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(bot, "api/messages"))
        {
            Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (!response.IsSuccessStatusCode) return new QueryResult(elapsed, QueryOutcome.Error);
            var extension = JsonNode.Parse(body)?["composeExtension"];
            var outcome = (string?)extension?["type"] switch
            {
                "result" => QueryOutcome.Results,
                "message" when ((string?)extension!["text"] ?? "").StartsWith("Still searching", StringComparison.Ordinal) => QueryOutcome.StillSearching,
                "message" => QueryOutcome.OtherMessage,
                _ => QueryOutcome.Error,
            };
            return new QueryResult(elapsed, outcome);
        }
        catch (HttpRequestException)
        {
            return new QueryResult(Stopwatch.GetElapsedTime(started).TotalMilliseconds, QueryOutcome.Error);
        }
    }

    public override string ToString() => $"user {index}";
}
