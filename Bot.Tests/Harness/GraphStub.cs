using System.Net;
using GraphSandbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bot.Tests.Harness;

/// <summary>The Graph stand-in (project GraphSandbox) served in process on 127.0.0.1 over plain HTTP for one test class;
/// its directory and outage switches are the <see cref="StubGraph"/>'s.</summary>
public sealed class GraphStub : IAsyncDisposable
{
    public const int PageSize = StubGraph.PageSize;

    private readonly WebApplication app;
    private readonly StubGraph graph;

    private GraphStub(WebApplication app, StubGraph graph)
    {
        this.app = app;
        this.graph = graph;
    }

    public StubDirectory Directory => graph.Directory;

    /// <summary>Root to configure as Graph:BaseUrl, e.g. http://127.0.0.1:50123/v1.0.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public bool Unavailable { get => graph.Unavailable; set => graph.Unavailable = value; }

    public TimeSpan ResponseDelay { get => graph.ResponseDelay; set => graph.ResponseDelay = value; }

    public void FailNextRequests(int count) => graph.FailNextRequests(count);

    public int RequestCount(string kind) => graph.RequestCount(kind);

    public int TotalRequests => graph.TotalRequests;

    /// <param name="certificate">Serve https with it (a Production bot only talks to Graph over TLS); plain http without.</param>
    public static async Task<GraphStub> StartAsync(System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null) listen.UseHttps(certificate);
        }));
        var app = builder.Build();
        var stub = new GraphStub(app, new StubGraph());
        stub.graph.MapTo(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        stub.BaseUrl = new Uri($"{address.TrimEnd('/')}/v1.0");
        return stub;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
