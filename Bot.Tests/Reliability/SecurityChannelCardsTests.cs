using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bot.Tests.Harness;
using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.BotFramework.Schema;
using HubSpotTeamsBot.Features.Common;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Identity;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Bot.Tests.Reliability;

/// <summary>The bot as an admin who turned off record cards in channels with guests.</summary>
public sealed class GuestChannelBotFixture : CrmBotFixture
{
    public FuzzTurnCounter Turns { get; } = new();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IBotFeature>(Turns);

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["RecordCards:PostInChannelsWithGuests"] = "false";
            return settings;
        }
    }
}

/// <summary>
/// Issue 16, L4: CRM data posted where guests read it. With RecordCards:PostInChannelsWithGuests off, a record card
/// asked for in a channel whose team has a guest, a member of another tenant, or a roster the bot cannot read is not
/// posted (the answer says why and holds no CRM data); in a channel of members only it is posted and says it is visible
/// to the channel; in a personal chat it carries no such line.
/// </summary>
public sealed class SecurityChannelCardsTests(GuestChannelBotFixture bot, ITestOutputHelper output) : IClassFixture<GuestChannelBotFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => bot.LinkPortalAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Record_cards_stay_out_of_channels_with_guests_and_say_who_sees_them_elsewhere()
    {
        var tally = new SecurityTally("security: L4 record cards in guest channels", output);
        var guest = TeamsUser.New("Gail Guest");
        var outsider = TeamsUser.New("Otto Outsider", tenantId: "ffffffff-0000-0000-0000-000000000002");

        foreach (var (name, roster) in new (string, (TeamsUser, string)[]?)[]
        {
            ("a channel whose team has a guest", [(bot.Editor, "user"), (guest, "guest")]),
            ("a channel shared with another tenant's member", [(bot.Editor, "user"), (outsider, "user")]),
            ("a channel whose roster cannot be read", null),
        })
        {
            var channel = TeamsConversation.Channel(bot.Editor.TenantId);
            if (roster is not null) bot.Teams.Connector.SetRoster(channel.TeamId!, roster);
            var reply = await bot.Teams.SayAsync(channel, bot.Editor, "find ada", mentionBot: true);
            var problems = new List<string>();
            if (reply.Card is not null) problems.Add("a card was posted");
            if (reply.VisibleText.Contains("Lovelace", StringComparison.Ordinal)) problems.Add("CRM data in the answer");
            if (!reply.VisibleText.Contains("RecordCards:PostInChannelsWithGuests", StringComparison.Ordinal)) problems.Add($"no reason given: {reply.VisibleText}");
            tally.Add($"find in {name}", problems);

            // The compose box of the same channel: no results to insert, the reason instead.
            var (_, compose) = await bot.Teams.InvokeAsync(Activities.ComposeQuery(bot.Teams.ServiceUrl, channel, bot.Editor, "searchContacts", "ada"));
            var composeText = compose?.ToJsonString() ?? string.Empty;
            var composeProblems = new List<string>();
            if (composeText.Contains("Lovelace", StringComparison.Ordinal)) composeProblems.Add("CRM data offered for the channel");
            if (!composeText.Contains("RecordCards:PostInChannelsWithGuests", StringComparison.Ordinal)) composeProblems.Add($"no reason given: {composeText}");
            tally.Add($"compose search in {name}", composeProblems);
        }

        // Controls: members only → the card, marked for the channel; a personal chat → the card, no channel line.
        var members = TeamsConversation.Channel(bot.Editor.TenantId);
        bot.Teams.Connector.SetRoster(members.TeamId!, (bot.Editor, "user"), (bot.Admin, "user"));
        var shared = await bot.Teams.SayAsync(members, bot.Editor, "find ada", mentionBot: true);
        Assert.Contains("Lovelace", shared.VisibleText, StringComparison.Ordinal);
        Assert.Contains(ChannelAudience.Notice, shared.VisibleText, StringComparison.Ordinal);
        var (_, results) = await bot.Teams.InvokeAsync(Activities.ComposeQuery(bot.Teams.ServiceUrl, members, bot.Editor, "searchContacts", "ada"));
        var inserted = results!["composeExtension"]!["attachments"]!.AsArray();
        Assert.NotEmpty(inserted);
        Assert.All(inserted, a => Assert.Contains(a!["content"]!["body"]!.AsArray(), e => e?["text"]?.GetValue<string>() == ChannelAudience.Notice));
        var personal = await bot.Teams.SayAsync(TeamsConversation.Personal(bot.Editor), bot.Editor, "find ada");
        Assert.Contains("Lovelace", personal.VisibleText, StringComparison.Ordinal);
        Assert.DoesNotContain(ChannelAudience.Notice, personal.VisibleText, StringComparison.Ordinal);
        tally.Verdict();
    }

    /// <summary>
    /// Every route the router has registered (so a route added later is attacked too) is sent by an admin — who may do
    /// everything — in a channel whose team has a guest. None may answer there with CRM data or call HubSpot; each route
    /// that does read HubSpot in a personal chat (the control, sent after the attack) must give the reason instead.
    /// Not sent: answers Teams shows to the caller alone (dialogs, the dialog's typeahead, sign-in) and the portal link
    /// commands (they show no records, and their buttons would unlink the portal under test).
    /// </summary>
    [Fact]
    public async Task Every_route_keeps_CRM_data_out_of_a_channel_with_guests()
    {
        await bot.StartLinkedAsync();
        var contacts = (await bot.Sandbox.Admin.GetObjectsAsync(SandboxHost.DemoPortalId, "contacts")).EnumerateArray().ToList();
        var ada = contacts.First(c => Property(c, "email") == "ada@example.com");
        var adaId = ada.GetProperty("id").GetString()!;
        var deal = (await bot.Sandbox.Admin.GetObjectsAsync(SandboxHost.DemoPortalId, "deals")).EnumerateArray().First();
        var dealId = deal.GetProperty("id").GetString()!;
        // Not the email: usage hints ("e.g. `log note ada@example.com`") quote it as an example.
        string[] secrets = [Property(ada, "lastname")!, Property(deal, "dealname")!];

        var channel = TeamsConversation.Channel(bot.Admin.TenantId);
        bot.Teams.Connector.SetRoster(channel.TeamId!, (bot.Admin, "user"), (bot.Editor, "user"), (TeamsUser.New("Gail Guest"), "guest"));
        var personal = TeamsConversation.Personal(bot.Admin);

        var routes = bot.Host.Services.GetRequiredService<ActivityRouter>().Registrations
            .Where(r => r.Kind != RouteRegistration.Activity && !PrivateAnswers.Contains(r.Name) && !r.Access.Action.StartsWith("portal.", StringComparison.Ordinal))
            .ToList();
        var tally = new SecurityTally("security: L4 every route in a guest channel", output);
        long channelCalls = 0;
        var recordRoutes = 0;
        foreach (var route in routes)
        {
            await bot.Sandbox.Admin.ResetStatsAsync(SandboxHost.DemoPortalId);
            var (status, answer) = await SecurityExchange.SendAsync(bot, bot.Turns, channel, Build(route, channel, adaId, dealId));
            var calls = (await bot.Sandbox.Admin.GetStatsAsync(SandboxHost.DemoPortalId)).Requests.Values.Sum();
            channelCalls += calls;

            // The control: the same route in a personal chat, where records may be shown.
            await bot.Sandbox.Admin.ResetStatsAsync(SandboxHost.DemoPortalId);
            var (_, control) = await SecurityExchange.SendAsync(bot, bot.Turns, personal, Build(route, personal, adaId, dealId));
            var controlCalls = (await bot.Sandbox.Admin.GetStatsAsync(SandboxHost.DemoPortalId)).Requests.Values.Sum();
            var showsRecords = controlCalls > 0 || secrets.Any(s => control.Contains(s, StringComparison.OrdinalIgnoreCase));
            if (showsRecords) recordRoutes++;

            var problems = new List<string>();
            if (status >= 500 || status == 0) problems.Add($"status {status}");
            if (calls > 0) problems.Add($"{calls} HubSpot call(s) for a channel with guests");
            problems.AddRange(secrets.Where(s => answer.Contains(s, StringComparison.OrdinalIgnoreCase)).Select(s => $"the channel sees CRM data '{s}'"));
            if (showsRecords && !Refused(route, answer)) problems.Add($"no reason given: {(answer.Length > 300 ? answer[..300] : answer)}");
            tally.Add($"{route.Kind} {route.Name}{(route.Key is null ? "" : " " + route.Key)}{(showsRecords ? " (shows records)" : "")}", problems);
        }
        // Multi-match pick lists (names of every match): two deals share a stem, so the personal chat gets a pick list.
        var stem = $"Twin{Guid.NewGuid():N}"[..12];
        var crm = bot.Host.Services.GetRequiredService<HubSpotCrmClient>();
        foreach (var suffix in new[] { " north", " south" })
            await crm.CreateAsync(ChannelSimulator.BotTenantId, CrmObjectType.Deals, new Dictionary<string, string> { ["dealname"] = stem + suffix, ["dealstage"] = "appointmentscheduled" });
        foreach (var command in new[] { $"update deal {stem}", $"log note {stem}", $"log task {stem}" })
        {
            await bot.Sandbox.Admin.ResetStatsAsync(SandboxHost.DemoPortalId);
            var (_, answer) = await SecurityExchange.SendAsync(bot, bot.Turns, channel, Activities.Message(bot.Teams.ServiceUrl, channel, bot.Admin, command, mentionBot: true));
            var calls = (await bot.Sandbox.Admin.GetStatsAsync(SandboxHost.DemoPortalId)).Requests.Values.Sum();
            channelCalls += calls;
            var (_, control) = await SecurityExchange.SendAsync(bot, bot.Turns, personal, Activities.Message(bot.Teams.ServiceUrl, personal, bot.Admin, command));
            var problems = new List<string>();
            if (!control.Contains(stem + " south", StringComparison.Ordinal)) problems.Add("the control got no pick list, so nothing was attacked");
            if (calls > 0) problems.Add($"{calls} HubSpot call(s) for a channel with guests");
            if (answer.Contains(stem + " north", StringComparison.Ordinal) || answer.Contains(stem + " south", StringComparison.Ordinal))
                problems.Add("the channel sees the matches' names");
            if (!answer.Contains("RecordCards:PostInChannelsWithGuests", StringComparison.Ordinal)) problems.Add("no reason given");
            tally.Add($"pick list for '{command.Split(' ')[0]} {command.Split(' ')[1]} <several matches>'", problems);
        }

        // The control must have found the record routes (find, edit contact, update deal, log …, the forms, compose search),
        // or this test would pass without attacking anything.
        Assert.True(recordRoutes >= 15, $"only {recordRoutes} routes read HubSpot in a personal chat");
        tally.Verdict(string.Create(CultureInfo.InvariantCulture, $"{recordRoutes} record routes, {channelCalls} HubSpot calls"));
    }

    /// <summary>Invokes whose answer Teams shows to the caller alone, never to the channel.</summary>
    private static readonly HashSet<string> PrivateAnswers =
    [
        InvokeNames.TaskFetch, InvokeNames.TaskSubmit, InvokeNames.ComposeFetchTask, InvokeNames.ComposeSubmitAction,
        InvokeNames.ApplicationSearch, InvokeNames.SignInVerifyState,
    ];

    private JsonObject Build(RouteRegistration route, TeamsConversation chat, string adaId, string dealId)
    {
        var url = bot.Teams.ServiceUrl;
        var from = bot.Admin;
        var data = new JsonObject { ["recordId"] = adaId, ["recordType"] = "contacts", ["dealId"] = dealId, ["submissionId"] = Guid.NewGuid().ToString("N") };
        return route.Kind switch
        {
            RouteRegistration.Command => Activities.Message(url, chat, from, $"{route.Name} ada", mentionBot: chat.Kind == ConversationKind.Channel),
            RouteRegistration.CardSubmit => Activities.CardSubmit(url, chat, from, With(data, "verb", route.Name)),
            _ => route.Name switch
            {
                InvokeNames.AdaptiveCardAction => Activities.AdaptiveCardAction(url, chat, from, route.Key!, data),
                InvokeNames.ComposeQuery => Activities.ComposeQuery(url, chat, from, route.Key!, "ada"),
                InvokeNames.ComposeSelectItem => Activities.Invoke(url, chat, from, route.Name, new JsonObject { ["type"] = "contact", ["id"] = adaId }),
                InvokeNames.ComposeQueryLink => Activities.Invoke(url, chat, from, route.Name,
                    new JsonObject { ["url"] = $"https://app.hubspot.com/contacts/{SandboxHost.DemoPortalId}/record/0-1/{adaId}" }),
                _ => Activities.Invoke(url, chat, from, route.Name, new JsonObject { ["commandId"] = route.Key, ["data"] = data }),
            },
        };
    }

    /// <summary>A link preview shows no sentence: refused there means no preview.</summary>
    private static bool Refused(RouteRegistration route, string answer) => route.Name == InvokeNames.ComposeQueryLink
        ? answer.Contains("\"attachments\":[]", StringComparison.Ordinal)
        : answer.Contains("RecordCards:PostInChannelsWithGuests", StringComparison.Ordinal);

    private static JsonObject With(JsonObject data, string key, string value)
    {
        var copy = data.DeepClone().AsObject();
        copy[key] = value;
        return copy;
    }

    private static string? Property(JsonElement record, string name) =>
        record.GetProperty("properties").TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
