extern alias Sandbox;

using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.HubSpot;

/// <summary>The sandbox app on a loopback Kestrel port, with test settings (Sandbox:* keys).</summary>
internal sealed class RunningSandbox : IAsyncDisposable
{
    private readonly WebApplicationFactory<Sandbox::Program> _factory;

    private RunningSandbox(WebApplicationFactory<Sandbox::Program> factory, Uri baseUrl)
    {
        _factory = factory;
        Portal = new SandboxPortal(baseUrl);
    }

    public SandboxPortal Portal { get; }

    public Uri BaseUrl => Portal.BaseUrl;

    public static RunningSandbox Start(IDictionary<string, string?>? settings = null)
    {
        var factory = new WebApplicationFactory<Sandbox::Program>().WithWebHostBuilder(host =>
        {
            host.UseSetting("Sandbox:Seed:Contacts", "5");
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                host.UseSetting(key, value);
            }
        });
        factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RunningSandbox(factory, new Uri(address.Replace("localhost", "127.0.0.1", StringComparison.Ordinal)));
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();
}
