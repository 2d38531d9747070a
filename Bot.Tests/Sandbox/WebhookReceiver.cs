using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Bot.Tests.Harness;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.Logging;

namespace Bot.Tests.Sandbox;

/// <summary>One webhook request the receiver got.</summary>
public sealed record ReceivedWebhook(string Url, string Body, string? Signature, string? Timestamp, string? LegacySignature, int AnsweredStatus)
{
    public JsonArray Events => (JsonArray)JsonNode.Parse(Body)!;
}

/// <summary>A bare HTTP endpoint on loopback standing where the bot would, recording what the sandbox sends it and
/// answering with scripted statuses (200 once the script runs out).</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _script = new();

    private WebhookReceiver(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public ConcurrentQueue<ReceivedWebhook> Requests { get; } = new();

    public IEnumerable<JsonObject> Events => Requests.Where(r => r.AnsweredStatus == 200).SelectMany(r => r.Events.Cast<JsonObject>());

    public void AnswerNext(params int[] statuses)
    {
        foreach (var status in statuses) _script.Enqueue(status);
    }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var port = LoopbackPort.Free();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, new Uri($"http://127.0.0.1:{port}/api/hubspot/webhooks"));
        app.MapPost("/api/hubspot/webhooks", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var status = receiver._script.TryDequeue(out var scripted) ? scripted : 200;
            receiver.Requests.Enqueue(new ReceivedWebhook(context.Request.GetDisplayUrl(), body,
                context.Request.Headers["X-HubSpot-Signature-v3"], context.Request.Headers["X-HubSpot-Request-Timestamp"],
                context.Request.Headers["X-HubSpot-Signature"], status));
            context.Response.StatusCode = status;
        });
        await app.StartAsync();
        return receiver;
    }

    public async Task<IReadOnlyList<JsonObject>> WaitForEventsAsync(Func<IReadOnlyList<JsonObject>, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var events = Events.ToList();
            if (done(events)) return events;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The receiver got {events.Count} events: {string.Join(", ", events.Select(e => e["subscriptionType"]))}");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
