using Bot.Tests.Harness;

namespace Bot.Tests.Reliability;

/// <summary>The CRM bot on an Azurite that keeps its data on disk, so a stop and restart is an outage, not a wipe.</summary>
public sealed class StorageOutageFixture : CrmBotFixture
{
    public override Task InitializeAsync()
    {
        Azurite.KeepDataAcrossRestarts = true;
        return base.InitializeAsync();
    }
}
