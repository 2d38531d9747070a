using Bot.Tests.Harness;

namespace Bot.Tests.Reliability;

/// <summary>
/// The CRM bot on an Azurite that keeps its data on disk, so a stop and restart is an outage, not a wipe. It runs the
/// in-memory activity queue: these tests check what a person is told by turns that run while storage is down. With the
/// durable queue nothing runs then — the channel gets 503 and sends again (ScaleOut/ and Queue/ cover that).
/// </summary>
public sealed class StorageOutageFixture : CrmBotFixture
{
    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["ActivityQueue:Kind"] = "Memory";
            return settings;
        }
    }

    public override Task InitializeAsync()
    {
        Azurite.KeepDataAcrossRestarts = true;
        return base.InitializeAsync();
    }
}
