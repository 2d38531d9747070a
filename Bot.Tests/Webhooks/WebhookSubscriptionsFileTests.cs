extern alias Sandbox;

using System.Text.Json.Nodes;
using Bot.Tests.Ship;
using SandboxEvents = Sandbox::HubSpotSandbox.Webhooks.WebhookEvents;

namespace Bot.Tests.Webhooks;

/// <summary>
/// The HubSpot app's webhook subscriptions (hubspot-app/webhooks/webhooks-hsmeta.json) cover what notifications need,
/// and the sandbox sends exactly the property changes the file subscribes to, so the local run behaves as HubSpot will.
/// </summary>
public sealed class WebhookSubscriptionsFileTests
{
    private static readonly JsonObject File = (JsonObject)JsonNode.Parse(System.IO.File.ReadAllText(Path.Combine(RepoPaths.Root, "hubspot-app", "webhooks", "webhooks-hsmeta.json")))!;

    private static IEnumerable<JsonObject> Legacy => File["config"]!["subscriptions"]!["legacyCrmObjects"]!.AsArray().Cast<JsonObject>();

    private static IEnumerable<JsonObject> Generic => File["config"]!["subscriptions"]!["crmObjects"]!.AsArray().Cast<JsonObject>();

    [Fact]
    public void The_project_file_subscribes_to_what_the_issue_names()
    {
        Assert.Equal("webhooks", (string?)File["type"]);
        Assert.EndsWith("/api/hubspot/webhooks", (string?)File["config"]!["settings"]!["targetUrl"], StringComparison.Ordinal);
        var legacy = Legacy.Select(s => $"{s["subscriptionType"]}{(s["propertyName"] is { } p ? ":" + p : "")}").ToHashSet();
        Assert.Superset(new HashSet<string>
        {
            "deal.creation", "deal.deletion", "deal.propertyChange:dealstage", "deal.propertyChange:amount", "deal.propertyChange:hubspot_owner_id",
            "contact.creation", "contact.deletion",
        }, legacy);
        var tasks = Generic.Where(s => (string?)s["objectType"] == "task").Select(s => (string?)s["subscriptionType"]).ToHashSet();
        Assert.Superset(new HashSet<string?> { "object.creation", "object.propertyChange", "object.deletion" }, tasks);
        Assert.All(Legacy.Concat(Generic), s => Assert.True((bool?)s["active"]));
    }

    [Theory]
    [InlineData("deals", "deal.propertyChange", null)]
    [InlineData("contacts", "contact.propertyChange", null)]
    [InlineData("tasks", "object.propertyChange", "task")]
    public void The_sandbox_sends_the_property_changes_the_file_subscribes_to(string sandboxType, string subscriptionType, string? objectType)
    {
        var subscribed = Legacy.Concat(Generic)
            .Where(s => (string?)s["subscriptionType"] == subscriptionType && (objectType is null || (string?)s["objectType"] == objectType))
            .Select(s => (string)s["propertyName"]!).Order(StringComparer.Ordinal);
        Assert.Equal(subscribed, SandboxEvents.SubscribedProperties[sandboxType].Order(StringComparer.Ordinal));
    }
}
