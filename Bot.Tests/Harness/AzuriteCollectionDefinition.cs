namespace Bot.Tests.Harness;

/// <summary>Tests that need Table storage join this collection; they share one Azurite and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollectionDefinition : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
