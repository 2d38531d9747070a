using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bot.Tests.Harness;
using Xunit.Abstractions;

namespace Bot.Tests.Reliability;

/// <summary>
/// Issue 10, security: tenant B's admin (full rights in B, B linked to its own portal) sends every command, form submit,
/// dialog and compose invoke with tenant A's conversation id and tenant A's HubSpot record ids. Refused means: tenant A's
/// portal got no request at all, nothing of A's shows in the answer, and A's records, link and grants are unchanged.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class SecurityCrossTenantTests(SecurityBotFixture bot, ITestOutputHelper output)
{
    private const long PortalA = SandboxHost.DemoPortalId;

    [Fact]
    public async Task A_tenant_B_user_with_tenant_A_ids_never_reads_or_writes_tenant_A()
    {
        await bot.LinkPortalAsync();
        await bot.LinkTenantBAsync();
        var contacts = (await bot.Sandbox.Admin.GetObjectsAsync(PortalA, "contacts")).EnumerateArray().ToList();
        var ada = contacts.First(c => Property(c, "email") == "ada@example.com");
        var adaId = ada.GetProperty("id").GetString()!;
        var deal = (await bot.Sandbox.Admin.GetObjectsAsync(PortalA, "deals")).EnumerateArray().First();
        var dealId = deal.GetProperty("id").GetString()!;
        // Words only tenant A's data holds: if one shows up in B's answers, A's portal leaked.
        string[] secrets = [Property(ada, "lastname")!, Property(deal, "dealname")!, PortalA.ToString(CultureInfo.InvariantCulture), bot.Editor.Name, bot.Viewer.Name];

        var chatA = TeamsConversation.Personal(bot.Editor);
        await bot.Teams.SayAsync(chatA, bot.Editor, "help");
        var before = await SecuritySnapshot.TakeAsync(bot, PortalA, ChannelSimulator.BotTenantId);
        var tally = new SecurityTally("security: cross-tenant", output);

        foreach (var (name, activity) in Attacks(chatA, adaId, dealId))
        {
            AsTenantB(activity);
            await bot.Sandbox.Admin.ResetStatsAsync(PortalA);
            var (status, answer) = await SecurityExchange.SendAsync(bot, chatA, activity);
            var stats = await bot.Sandbox.Admin.GetStatsAsync(PortalA);
            var problems = new List<string>();
            if (status >= 500 || status == 0) problems.Add($"status {status}");
            if (stats.Requests.Values.Sum() > 0) problems.Add($"tenant A's portal was called: {string.Join(", ", stats.Requests.Select(r => $"{r.Key}×{r.Value}"))}");
            problems.AddRange(secrets.Where(s => answer.Contains(s, StringComparison.OrdinalIgnoreCase)).Select(s => $"the answer shows tenant A's '{s}'"));
            tally.Add(name, problems);
        }

        tally.Add("tenant A's records, link and grants afterwards", (await SecuritySnapshot.TakeAsync(bot, PortalA, ChannelSimulator.BotTenantId)).ChangesSince(before));
        await bot.LinkTenantBAsync();
        tally.Verdict();
    }

    private IEnumerable<(string Name, JsonObject Activity)> Attacks(TeamsConversation chatA, string adaId, string dealId)
    {
        var url = bot.Simulator.ServiceUrl;
        var b = bot.AdminB;
        string Submission() => Guid.NewGuid().ToString("N");
        foreach (var text in new[] { $"edit contact {adaId}", "edit contact ada@example.com", $"update deal {dealId}", "log note ada@example.com", "find ada", "status", "audit", "roles", $"whoami" })
            yield return ($"`{text}`", Activities.Message(url, chatA, b, text));
        yield return ("task/fetch contact.update of A's contact", Activities.TaskFetch(url, chatA, b, "contact.update", new JsonObject { ["recordId"] = adaId, ["recordType"] = "contacts" }));
        yield return ("Action.Execute contact.update of A's contact", Activities.AdaptiveCardAction(url, chatA, b, "contact.update", new JsonObject
        {
            ["recordId"] = adaId, ["submissionId"] = Submission(), ["email"] = "ada@example.com", ["jobtitle"] = "Taken over", ["version"] = "2020-01-01T00:00:00.0000000Z",
        }));
        yield return ("task/submit deal.update of A's deal", Activities.TaskSubmit(url, chatA, b, "deal.update", new JsonObject
        {
            ["recordId"] = dealId, ["submissionId"] = Submission(), ["amount"] = "1", ["dealname"] = "Taken over",
        }));
        yield return ("task/fetch deal.stage of A's deal", Activities.TaskFetch(url, chatA, b, "deal.stage", new JsonObject { ["recordId"] = dealId }));
        yield return ("Action.Submit activity.log on A's contact", Activities.CardSubmit(url, chatA, b, new JsonObject
        {
            ["verb"] = "activity.log", ["recordId"] = adaId, ["recordType"] = "contacts", ["kind"] = "note", ["body"] = "written from tenant B", ["submissionId"] = Submission(),
        }));
        yield return ("compose search contacts 'ada'", Activities.ComposeQuery(url, chatA, b, "searchContacts", "ada"));
        yield return ("compose search deals (initial run)", Activities.ComposeQuery(url, chatA, b, "searchDeals", null));
        yield return ("compose selectItem of A's contact", Activities.Invoke(url, chatA, b, "composeExtension/selectItem", new JsonObject { ["type"] = "contact", ["id"] = adaId }));
        yield return ("unfurl a link to A's contact", Activities.Invoke(url, chatA, b, "composeExtension/queryLink", new JsonObject
        {
            ["url"] = $"https://app.hubspot.com/contacts/{PortalA}/record/0-1/{adaId}",
        }));
        yield return ("Log to HubSpot on A's contact", Activities.Invoke(url, chatA, b, "composeExtension/submitAction", new JsonObject
        {
            ["commandId"] = "logToHubSpot", ["commandContext"] = "message",
            ["messagePayload"] = new JsonObject
            {
                ["id"] = "1700000000999", ["from"] = new JsonObject { ["user"] = new JsonObject { ["id"] = "29:x", ["displayName"] = "Someone" } },
                ["body"] = new JsonObject { ["contentType"] = "html", ["content"] = "<p>written from tenant B</p>" },
            },
            ["data"] = new JsonObject { ["record"] = $"contact:{adaId}", ["kind"] = "note" },
        }));
        foreach (var dataset in new[] { "hubspotRecords", "contacts" })
        {
            yield return ($"typeahead {dataset} 'ada'", Activities.Invoke(url, chatA, b, "application/search", new JsonObject
            {
                ["queryText"] = "ada", ["dataset"] = dataset, ["queryOptions"] = new JsonObject { ["skip"] = 0, ["top"] = 15 },
            }));
        }
        yield return ("role.grant of A's editor to Admin", Activities.CardSubmit(url, chatA, b, new JsonObject
        {
            ["verb"] = "role.grant", ["principalId"] = bot.Editor.AadObjectId, ["kind"] = "User", ["name"] = "Someone", ["role"] = "Admin",
        }));
        yield return ("confirmed disconnect", Activities.CardSubmit(url, chatA, b, new JsonObject { ["verb"] = "portal.disconnect", ["confirm"] = true }));
    }

    /// <summary>Teams stamps the sender's own tenant in channelData; the conversation object keeps A's id and tenant.</summary>
    private static void AsTenantB(JsonObject activity) => activity["channelData"]!["tenant"]!["id"] = SecurityBotFixture.TenantB;

    private static string? Property(JsonElement record, string name) =>
        record.GetProperty("properties").TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
