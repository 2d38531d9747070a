using Bot.Tests.Harness;

namespace Bot.Tests.HubSpot;

/// <summary>One default-configured sandbox shared by a test class; tests isolate themselves with fresh accounts.</summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    private SandboxHost? _host;

    internal SandboxHost Host => _host ?? throw new InvalidOperationException("Sandbox not started.");

    internal SandboxPortal Portal => new(Host);

    public Task InitializeAsync()
    {
        _host = SandboxHost.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
