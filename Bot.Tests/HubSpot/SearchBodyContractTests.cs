using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Bot.Tests.Features.MessageExtension;
using Bot.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.HubSpot;

/// <summary>The bot with every HubSpot request body it sends recorded on the way out (the sandbox still answers).</summary>
public sealed class RecordingCrmBotFixture : CrmBotFixture
{
    public ConcurrentQueue<(string Path, string? Body)> Sent { get; } = new();

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddHttpClient("HubSpot").AddHttpMessageHandler(() => new Recorder(Sent));

    private sealed class Recorder(ConcurrentQueue<(string, string?)> sent) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            sent.Enqueue((request.RequestUri!.AbsolutePath, body));
            return await base.SendAsync(request, cancellationToken);
        }
    }
}

/// <summary>
/// Search bodies follow HubSpot's published 2026-03 contract (PublicObjectSearchRequest): filterGroups, sorts,
/// properties, limit and after are always sent, whichever feature searched (find, compose search, record lookup).
/// </summary>
public sealed class SearchBodyContractTests(RecordingCrmBotFixture bot) : IClassFixture<RecordingCrmBotFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => bot.StartLinkedAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Every_search_body_the_bot_sends_carries_the_fields_the_published_contract_requires()
    {
        var chat = TeamsConversation.Personal(bot.Editor);
        await bot.Teams.SayAsync(chat, bot.Editor, "find ada");
        await bot.Teams.SayAsync(chat, bot.Editor, "update deal Difference Engine");
        await ComposeInvokes.QueryAsync(bot, bot.Editor, "searchContacts", "grace");
        await ComposeInvokes.QueryAsync(bot, bot.Editor, "searchDeals", null);

        var searches = bot.Sent.Where(s => s.Path.EndsWith("/search", StringComparison.Ordinal)).ToList();
        Assert.True(searches.Count >= 4, $"only {searches.Count} searches were sent");
        foreach (var (path, body) in searches)
        {
            var json = JsonNode.Parse(body!)!.AsObject();
            Assert.True(json["filterGroups"] is JsonArray, $"{path}: no filterGroups in {body}");
            Assert.True(json["sorts"] is JsonArray, $"{path}: no sorts in {body}");
            Assert.True(json["properties"] is JsonArray, $"{path}: no properties in {body}");
            Assert.True(json["limit"] is JsonValue, $"{path}: no limit in {body}");
            Assert.True(json["after"] is JsonValue after && after.GetValueKind() == System.Text.Json.JsonValueKind.String, $"{path}: no after (a string) in {body}");
        }
        Assert.Contains(searches, s => JsonNode.Parse(s.Body!)!["after"]!.GetValue<string>() == "0");
    }
}
