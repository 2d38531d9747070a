using Bot.Tests.Harness;

namespace Bot.Tests.Sandbox;

/// <summary>One sandbox per test class (class fixture); tests isolate themselves with fresh portals.</summary>
public sealed class SandboxFixture : IDisposable
{
    public SandboxHost Host { get; } = SandboxHost.Start();

    public void Dispose() => Host.Dispose();
}
