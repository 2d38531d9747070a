using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Bot.Tests.HubSpot;

/// <summary>
/// Primary handler for unit tests of the client's own HTTP behaviour (retry rules, request shapes): answers with
/// scripted responses in order and records what was sent. Not a HubSpot stand-in; that is the sandbox's job.
/// </summary>
internal sealed class ScriptedHttpHandler : HttpMessageHandler
{
    private readonly ConcurrentQueue<Func<CancellationToken, Task<HttpResponseMessage>>> _script = new();

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public ScriptedHttpHandler Then(HttpStatusCode status, string body = "{}", Action<HttpResponseMessage>? configure = null)
    {
        _script.Enqueue(_ =>
        {
            var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            configure?.Invoke(response);
            return Task.FromResult(response);
        });
        return this;
    }

    public ScriptedHttpHandler ThenHang()
    {
        _script.Enqueue(async ct =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("unreachable");
        });
        return this;
    }

    public ScriptedHttpHandler ThenRefuseConnection()
    {
        _script.Enqueue(_ => throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused"));
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Enqueue(new RecordedRequest(request.Method, request.RequestUri!, body, request.Content?.Headers.ContentType?.MediaType, request.Headers.Authorization?.ToString()));
        if (!_script.TryDequeue(out var next))
        {
            throw new InvalidOperationException($"No scripted response left for {request.Method} {request.RequestUri}.");
        }

        var response = await next(cancellationToken);
        response.RequestMessage = request;
        return response;
    }
}

internal sealed record RecordedRequest(HttpMethod Method, Uri Uri, string? Body, string? ContentType, string? Authorization);
