using Bot.Tests.Harness;

namespace Bot.Tests.Features.MessageExtension;

/// <summary>
/// The CRM fixture with a short compose-search wait, so "HubSpot slower than the wait" can be shown with a sandbox
/// latency that the HubSpot client itself still accepts (its attempt timeout is 2 s; the wait plus 0.5 s fits under it).
/// </summary>
public sealed class MessageExtensionFixture : CrmBotFixture
{
    public static readonly TimeSpan SearchWait = TimeSpan.FromMilliseconds(1200);

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["MessageExtension:SearchWait"] = SearchWait.ToString(),
    };
}
