using Bot.Tests.Harness;
using HubSpotTeamsBot.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Features.Contacts;

/// <summary>
/// <see cref="CrmBotFixture"/> plus a loopback Graph stub, so a person without a grant (the Viewer) is resolved
/// against a directory at once instead of waiting on an unreachable graph.microsoft.com.
/// </summary>
public sealed class CrmFeatureFixture : CrmBotFixture
{
    public GraphStub Graph { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Graph = await GraphStub.StartAsync();
        await base.InitializeAsync();
        // The stub directory does not know the fixture's people by id; a direct grant keeps Lee Gu a Viewer.
        await GrantAsync(Viewer, AppRole.Viewer);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Graph.DisposeAsync();
    }

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton(GraphClientBuilder.Build(new GraphOptions { BaseUrl = Graph.BaseUrl, UseAnonymousAuthForTesting = true, MaxRetries = 0 }));
}
