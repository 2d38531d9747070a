using Bot.Tests.Harness;
using HubSpotTeamsBot.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Features.Deals;

/// <summary>
/// <see cref="CrmBotFixture"/> with a loopback Graph stub: a person without a grant (the Viewer) is then resolved at
/// once instead of waiting on an unreachable graph.microsoft.com past the invoke budget.
/// </summary>
public sealed class DirectoryBackedCrmFixture : CrmBotFixture
{
    public GraphStub Graph { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Graph = await GraphStub.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Graph.DisposeAsync();
    }

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton(GraphClientBuilder.Build(new GraphOptions { BaseUrl = Graph.BaseUrl, UseAnonymousAuthForTesting = true, MaxRetries = 0 }));
}
