using System.Net;
using Bot.Tests.Harness;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Features.Linking;

/// <summary>Issue 5 end to end: Teams (simulator) + our pages + the HubSpot sandbox + Azurite.</summary>
public sealed class PortalLinkFlowTests(CrmBotFixture bot) : IClassFixture<CrmBotFixture>, IAsyncLifetime
{
    private PortalLinkStore Links => bot.Host.Services.GetRequiredService<PortalLinkStore>();

    public async Task InitializeAsync() => await Links.DeleteAsync(ChannelSimulator.BotTenantId);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_admin_links_the_portal_through_the_popup_and_verifyState()
    {
        using var journey = new LinkJourney(bot);
        var chat = TeamsConversation.Personal(bot.Admin);
        var start = await journey.ConnectAsync(chat, bot.Admin);
        var authorize = await journey.OpenStartPageAsync(start);

        Assert.StartsWith(bot.Sandbox.AuthorizeUrl.ToString(), authorize.ToString(), StringComparison.Ordinal);
        Assert.Contains("crm.objects.deals.write", Uri.UnescapeDataString(authorize.Query), StringComparison.Ordinal);
        Assert.Null(await Links.GetAsync(ChannelSimulator.BotTenantId));

        var (status, html) = await journey.ConsentAsync(authorize);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("/auth/hubspot/assets/signin-callback.js", html, StringComparison.Ordinal);
        Assert.Null(await Links.GetAsync(ChannelSimulator.BotTenantId));

        var (invokeStatus, _) = await bot.Teams.InvokeAsync(Activities.SignInVerifyState(bot.Simulator.ServiceUrl, chat, bot.Admin, LinkJourney.CodeIn(html)));

        Assert.Equal(HttpStatusCode.OK, invokeStatus);
        var done = await bot.Teams.Connector.WaitForMessageAsync(chat.Id, c => c.VisibleText.Contains("Linked to HubSpot portal", StringComparison.Ordinal));
        Assert.Contains(SandboxHost.DemoPortalId.ToString(System.Globalization.CultureInfo.InvariantCulture), done.VisibleText, StringComparison.Ordinal);
        var link = await Links.GetAsync(ChannelSimulator.BotTenantId);
        Assert.Equal(PortalLinkState.Linked, link?.State);
        Assert.Equal(SandboxHost.DemoPortalId, link?.PortalId);
        Assert.Equal(bot.Admin.AadObjectId, link?.LinkedByAadObjectId);
        Assert.Equal("app.hubspot.com", link?.UiDomain);
    }

    [Fact]
    public async Task The_typed_code_fallback_links_too_and_status_shows_the_link()
    {
        using var journey = new LinkJourney(bot);
        var chat = TeamsConversation.Personal(bot.Admin);
        var code = await journey.SignInAsync(chat, bot.Admin);

        var reply = await bot.Teams.SayAsync(chat, bot.Admin, code);
        var status = await bot.Teams.SayAsync(TeamsConversation.Personal(bot.Editor), bot.Editor, "status");

        Assert.Contains("Linked to HubSpot portal", reply.VisibleText, StringComparison.Ordinal);
        Assert.Contains($"Linked to HubSpot portal {SandboxHost.DemoPortalId}", status.VisibleText, StringComparison.Ordinal);
        Assert.Contains("crm.objects.contacts.write", status.VisibleText, StringComparison.Ordinal);
        Assert.DoesNotContain(status.VisibleText, (await Links.GetAsync(ChannelSimulator.BotTenantId))!.AccessToken, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_user_presenting_the_code_changes_nothing()
    {
        using var journey = new LinkJourney(bot);
        var code = await journey.SignInAsync(TeamsConversation.Personal(bot.Admin), bot.Admin);

        var reply = await bot.Teams.SayAsync(TeamsConversation.Personal(bot.Editor), bot.Editor, code);

        Assert.Contains("belongs to someone else", reply.VisibleText, StringComparison.Ordinal);
        Assert.Null(await Links.GetAsync(ChannelSimulator.BotTenantId));
    }

    [Fact]
    public async Task A_replayed_callback_and_a_forged_state_are_refused_and_store_nothing()
    {
        using var journey = new LinkJourney(bot);
        var authorize = await journey.OpenStartPageAsync(await journey.ConnectAsync(TeamsConversation.Personal(bot.Admin), bot.Admin));
        var redirect = await bot.Sandbox.ConsentAsync(authorize);
        var first = await journey.OpenCallbackAsync(redirect.Location);

        var replay = await journey.OpenCallbackAsync(redirect.Location);
        var forged = await journey.OpenCallbackAsync(new Uri(bot.Host.BaseAddress, $"/auth/hubspot/callback?code={redirect.Code}&state={ChannelSimulator.BotTenantId}.{new string('a', 64)}"));
        var stateless = await journey.OpenCallbackAsync(new Uri(bot.Host.BaseAddress, $"/auth/hubspot/callback?code={redirect.Code}"));

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(HttpStatusCode.BadRequest, replay.Status);
        Assert.Contains("expired or was already used", replay.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, forged.Status);
        Assert.Equal(HttpStatusCode.BadRequest, stateless.Status);
        Assert.Contains("incomplete", stateless.Html, StringComparison.Ordinal);
        Assert.Null(await Links.GetAsync(ChannelSimulator.BotTenantId));
    }

    [Fact]
    public async Task A_denied_consent_stores_nothing_and_says_so()
    {
        using var journey = new LinkJourney(bot);
        var authorize = await journey.OpenStartPageAsync(await journey.ConnectAsync(TeamsConversation.Personal(bot.Admin), bot.Admin));

        var (status, html) = await journey.ConsentAsync(authorize, decision: "deny");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("declined", html, StringComparison.Ordinal);
        Assert.Null(await Links.GetAsync(ChannelSimulator.BotTenantId));
    }

    [Fact]
    public async Task Missing_scopes_are_refused_with_their_names()
    {
        using var journey = new LinkJourney(bot);
        var authorize = await journey.OpenStartPageAsync(await journey.ConnectAsync(TeamsConversation.Personal(bot.Admin), bot.Admin));
        // Someone edits the authorize URL (or HubSpot grants less): the token lacks deals.write.
        var trimmed = new Uri(authorize.AbsoluteUri.Replace("%20crm.objects.deals.write", string.Empty, StringComparison.Ordinal));

        var (status, html) = await journey.ConsentAsync(trimmed);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("crm.objects.deals.write", html, StringComparison.Ordinal);
        Assert.Null(await Links.GetAsync(ChannelSimulator.BotTenantId));
    }

    [Fact]
    public async Task A_non_admin_is_told_who_the_admins_are()
    {
        var reply = await bot.Teams.SayAsync(TeamsConversation.Personal(bot.Viewer), bot.Viewer, "connect");

        Assert.Contains("Only an admin", reply.VisibleText, StringComparison.Ordinal);
        Assert.Null(reply.Card);
    }

    [Fact]
    public async Task Relinking_asks_for_confirmation_and_disconnect_revokes_at_HubSpot()
    {
        using var journey = new LinkJourney(bot);
        var chat = TeamsConversation.Personal(bot.Admin);
        await bot.Teams.SayAsync(chat, bot.Admin, await journey.SignInAsync(chat, bot.Admin));
        var linked = await Links.GetAsync(ChannelSimulator.BotTenantId);

        var confirm = await bot.Teams.SayAsync(chat, bot.Admin, "link hubspot");
        Assert.Contains("Replace the HubSpot link?", confirm.VisibleText, StringComparison.Ordinal);
        Assert.Contains(SandboxHost.DemoPortalId.ToString(System.Globalization.CultureInfo.InvariantCulture), confirm.VisibleText, StringComparison.Ordinal);

        var ask = await bot.Teams.SayAsync(chat, bot.Admin, "disconnect");
        Assert.Contains("Disconnect HubSpot?", ask.VisibleText, StringComparison.Ordinal);
        Assert.NotNull(await Links.GetAsync(ChannelSimulator.BotTenantId));

        var before = bot.Teams.Connector.Calls.Count;
        using var submit = await bot.Teams.PostAsync(Activities.CardSubmit(bot.Simulator.ServiceUrl, chat, bot.Admin, new() { ["verb"] = "portal.disconnect", ["confirm"] = true }));
        // The confirmation card (the clicked one) is replaced by the outcome.
        var done = await bot.Teams.Connector.WaitForAsync(c => c.Method == "PUT" && c.Path.EndsWith("/activities/1700000000000", StringComparison.Ordinal)
            && bot.Teams.Connector.Calls.ToList().IndexOf(c) >= before);

        Assert.Contains("revoked", done.VisibleText, StringComparison.Ordinal);
        Assert.Null(await Links.GetAsync(ChannelSimulator.BotTenantId));
        var oauth = bot.Host.Services.GetRequiredService<HubSpotOAuthClient>();
        await Assert.ThrowsAsync<HubSpotAuthException>(() => oauth.RefreshAsync(linked!.RefreshToken));
    }

    [Fact]
    public async Task Tokens_in_Azurite_are_ciphertext_and_never_logged()
    {
        using var journey = new LinkJourney(bot);
        var chat = TeamsConversation.Personal(bot.Admin);
        await bot.Teams.SayAsync(chat, bot.Admin, await journey.SignInAsync(chat, bot.Admin));
        var link = (await Links.GetAsync(ChannelSimulator.BotTenantId))!;

        var tables = new Azure.Data.Tables.TableServiceClient(bot.Azurite.ConnectionString);
        var rows = new List<Azure.Data.Tables.TableEntity>();
        await foreach (var table in tables.QueryAsync())
        {
            await foreach (var row in tables.GetTableClient(table.Name).QueryAsync<Azure.Data.Tables.TableEntity>()) rows.Add(row);
        }
        var everything = string.Join("\n", rows.SelectMany(r => r).Select(p => p.Value?.ToString()));

        Assert.DoesNotContain(link.AccessToken, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(link.RefreshToken, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(bot.Host.Logs.Lines, l => l.Contains(link.AccessToken, StringComparison.Ordinal) || l.Contains(link.RefreshToken, StringComparison.Ordinal));
    }
}
