using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bot.Tests.Harness;

/// <summary>
/// Application Insights' ingestion endpoint on loopback https (the Azure Monitor exporter sends only over TLS): it
/// accepts every POST to /v2.1/track (and the live-metrics calls) and keeps the decompressed bodies for the test.
/// </summary>
public sealed class AppInsightsStub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _batches = new();

    private AppInsightsStub(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>Every telemetry batch received (newline-delimited JSON envelopes).</summary>
    public IReadOnlyCollection<string> Batches => _batches;

    public string AllTelemetry => string.Join('\n', _batches);

    public static async Task<AppInsightsStub> StartAsync(X509Certificate2 certificate)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        var app = builder.Build();
        var stub = new AppInsightsStub(app);
        app.MapPost("/v2.1/track", async (HttpRequest request) =>
        {
            Stream body = request.Body;
            if (request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase)) body = new GZipStream(body, CompressionMode.Decompress);
            using var reader = new StreamReader(body);
            var text = await reader.ReadToEndAsync();
            stub._batches.Enqueue(text);
            var items = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
            return Results.Json(new { itemsReceived = items, itemsAccepted = items, errors = Array.Empty<object>() });
        });
        // Live metrics pings: answered, not recorded.
        app.MapFallback(() => Results.Ok());
        await app.StartAsync();
        stub.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/') + "/";
        return stub;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
