using Bot.Tests.Harness;
using HubSpotTeamsBot.Features.Common;
using Xunit.Abstractions;

namespace Bot.Tests.Reliability;

/// <summary>The bot as an admin who turned off record cards in channels with guests.</summary>
public sealed class GuestChannelBotFixture : CrmBotFixture
{
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
}
