using Bot.Tests.Harness;
using HubSpotTeamsBot.BotFramework.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Reliability;

/// <summary>The CRM bot with the demo portal linked (so feature handlers really run) and a turn counter for draining.</summary>
public sealed class FuzzBotFixture : CrmBotFixture
{
    public FuzzTurnCounter Turns { get; } = new();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IBotFeature>(Turns);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await LinkPortalAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class FuzzCollection : ICollectionFixture<FuzzBotFixture>
{
    public const string Name = "Reliability fuzzing";
}
