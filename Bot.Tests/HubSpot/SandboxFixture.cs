namespace Bot.Tests.HubSpot;

/// <summary>One default-configured sandbox shared by a test class; tests isolate themselves with fresh accounts.</summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    private RunningSandbox? _sandbox;

    internal RunningSandbox Sandbox => _sandbox ?? throw new InvalidOperationException("Sandbox not started.");

    public Task InitializeAsync()
    {
        _sandbox = RunningSandbox.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
        }
    }
}
