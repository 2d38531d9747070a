using System.Net;
using System.Security.Cryptography;
using Bot.Tests.Features.Linking;
using Bot.Tests.Harness;
using HubSpotTeamsBot.Features.Linking;
using HubSpotTeamsBot.Storage;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Bot.Tests.Reliability;

/// <summary>
/// Issue 10, security: attacks on the portal-link flow's OAuth state and verification code — replayed, forged,
/// another tenant's, expired, guessed, and presented by someone other than the admin who signed in. Refused means a
/// 400 page or a refusal in chat, and neither tenant's link changes; a code shown to the wrong person is audited. The
/// admin completing with their own code is the control (and a replay of that used code is refused again).
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class SecurityOAuthStateTests(SecurityBotFixture bot, ITestOutputHelper output)
{
    private const string TenantA = ChannelSimulator.BotTenantId;

    private PortalLinkStore Links => bot.Host.Services.GetRequiredService<PortalLinkStore>();

    [Fact]
    public async Task Replayed_forged_foreign_expired_guessed_and_misdelivered_link_states_are_refused()
    {
        await bot.LinkPortalAsync();
        await bot.LinkTenantBAsync();
        using var journey = new LinkJourney(bot);
        var tally = new SecurityTally("security: oauth state", output);
        var adminChat = TeamsConversation.Personal(bot.Admin);
        var linksBefore = await LinksAsync();

        // Callback leg: the state HubSpot hands back.
        var (state, code, first) = await ConsentAsync(journey, adminChat);
        Assert.Equal(HttpStatusCode.OK, first.Status);
        tally.Add("replayed callback", Page(await journey.OpenCallbackAsync(Callback(code, state)), "already used"));
        var (fresh, freshCode, _) = await ConsentAsync(journey, adminChat, openCallback: false);
        var random = RandomNumberGenerator.GetHexString(32, lowercase: true);
        tally.Add("forged state for tenant A", Page(await journey.OpenCallbackAsync(Callback(freshCode, $"{TenantA}.{random}")), "expired or was already used"));
        tally.Add("tenant A's state relabelled as tenant B's", Page(await journey.OpenCallbackAsync(Callback(freshCode, SecurityBotFixture.TenantB + fresh[fresh.IndexOf('.', StringComparison.Ordinal)..])), "expired or was already used"));
        tally.Add("state without a tenant", Page(await journey.OpenCallbackAsync(Callback(freshCode, random)), "incomplete"));
        tally.Add("no state at all", Page(await journey.OpenCallbackAsync(new Uri(bot.Host.BaseAddress, $"/auth/hubspot/callback?code={freshCode}")), "incomplete"));
        tally.Add("expired state", Page(await journey.OpenCallbackAsync(Callback(freshCode, await ExpiredStateAsync())), "expired"));

        // Teams leg: the six-digit verification code.
        var verification = LinkJourney.CodeIn((await ConsentAsync(journey, adminChat)).Callback.Html);
        tally.Add("tenant B's admin types tenant A's code", await ChatRefusalAsync(bot.AdminB, verification, "not valid", audited: false));
        tally.Add("the editor types the admin's code", await ChatRefusalAsync(bot.Editor, verification, "belongs to someone else", audited: true));
        var another = LinkJourney.CodeIn((await ConsentAsync(journey, adminChat)).Callback.Html);
        tally.Add("the viewer sends the admin's code through signin/verifyState", await VerifyStateRefusalAsync(bot.Viewer, another));
        foreach (var guess in new[] { "000000", "123456", "999999" })
            tally.Add($"a guessed code {guess}", await ChatRefusalAsync(bot.Editor, guess, "not valid", audited: false));
        tally.Add("both tenants' links afterwards", linksBefore == await LinksAsync() ? [] : [$"links changed: {linksBefore} → {await LinksAsync()}"]);

        // Control: the admin's own code links; presenting it again is refused (single use).
        var own = LinkJourney.CodeIn((await ConsentAsync(journey, adminChat)).Callback.Html);
        Assert.Contains("Linked to HubSpot portal", (await bot.Teams.SayAsync(adminChat, bot.Admin, own)).VisibleText, StringComparison.Ordinal);
        var relinked = await LinksAsync();
        Assert.NotEqual(linksBefore, relinked);
        tally.Add("the admin's used code presented again", await ChatRefusalAsync(bot.Admin, own, "not valid", audited: false));
        tally.Add("links after the replayed code", relinked == await LinksAsync() ? [] : ["the link changed again"]);
        tally.Verdict();
    }

    /// <summary>
    /// Issue 16, L1: a pending code is bound to the admin who signed in — others presenting it neither complete nor burn
    /// it — and each person gets a few wrong codes before codes are no longer checked for them.
    /// </summary>
    [Fact]
    public async Task Pending_codes_cannot_be_burned_by_others_and_wrong_codes_are_attempt_limited()
    {
        await bot.LinkPortalAsync();
        using var journey = new LinkJourney(bot);
        var tally = new SecurityTally("security: L1 pending sign-in codes", output);
        var adminChat = TeamsConversation.Personal(bot.Admin);
        var code = LinkJourney.CodeIn((await ConsentAsync(journey, adminChat)).Callback.Html);
        var stranger = TeamsUser.New("Cody Burner");
        tally.Add("a stranger types the admin's code", await ChatRefusalAsync(stranger, code, "belongs to someone else", audited: true));
        tally.Add("the editor types the admin's code", await ChatRefusalAsync(bot.Editor, code, "belongs to someone else", audited: true));
        tally.Add("the viewer sends the admin's code through signin/verifyState", await VerifyStateRefusalAsync(bot.Viewer, code));
        var linked = (await bot.Teams.SayAsync(adminChat, bot.Admin, code)).VisibleText;
        tally.Add("the admin's code still links after the others tried it", linked.Contains("Linked to HubSpot portal", StringComparison.Ordinal) ? [] : [$"admin got: {linked}"]);

        var guesser = TeamsUser.New("Gus Guesser");
        for (var i = 0; i < PortalLinker.MaxWrongCodes; i++)
            tally.Add($"wrong code {i + 1}", await ChatRefusalAsync(guesser, $"{100000 + i}", "not valid", audited: false));
        var next = LinkJourney.CodeIn((await ConsentAsync(journey, adminChat)).Callback.Html);
        tally.Add("a further code (the admin's real one) is not even checked", await ChatRefusalAsync(guesser, next, "Too many wrong codes", audited: true));
        tally.Add("the admin's new code still links", (await bot.Teams.SayAsync(adminChat, bot.Admin, next)).VisibleText.Contains("Linked to HubSpot portal", StringComparison.Ordinal) ? [] : ["not linked"]);
        tally.Verdict();
    }

    /// <summary>The admin confirms a relink, opens the start page and approves; returns the state, code and our callback page.</summary>
    private async Task<(string State, string Code, (HttpStatusCode Status, string Html) Callback)> ConsentAsync(LinkJourney journey, TeamsConversation chat, bool openCallback = true)
    {
        var before = bot.Teams.Connector.Calls.Count;
        using (await bot.Teams.PostAsync(Activities.CardSubmit(bot.Simulator.ServiceUrl, chat, bot.Admin, new() { ["verb"] = "portal.connect", ["confirm"] = true })))
        {
        }
        var card = await bot.Teams.Connector.WaitForMessageAsync(chat.Id, c => bot.Teams.Connector.Calls.ToList().IndexOf(c) >= before && c.Card?["actions"]?[0]?["data"]?["msteams"] is not null);
        var start = new Uri(card.Card!["actions"]![0]!["data"]!["msteams"]!["value"]!.GetValue<string>());
        var redirect = await bot.Sandbox.ConsentAsync(await journey.OpenStartPageAsync(start));
        var callback = openCallback ? await journey.OpenCallbackAsync(redirect.Location) : (HttpStatusCode.OK, string.Empty);
        var query = QueryHelpers.ParseQuery(redirect.Location.Query);
        return (query["state"].ToString(), query["code"].ToString(), callback);
    }

    private Uri Callback(string code, string state) =>
        new(bot.Host.BaseAddress, $"/auth/hubspot/callback?code={Uri.EscapeDataString(code)}&state={Uri.EscapeDataString(state)}");

    /// <summary>A sign-in the admin started 20 minutes ago (they live 10), as storage would hold it.</summary>
    private async Task<string> ExpiredStateAsync()
    {
        var state = $"{TenantA}.{RandomNumberGenerator.GetHexString(32, lowercase: true)}";
        var then = DateTimeOffset.UtcNow.AddMinutes(-20);
        await bot.Host.Services.GetRequiredService<PendingSignInStore>().CreateAsync(new PendingSignIn
        {
            TenantId = TenantA, State = state, RequestedByAadObjectId = bot.Admin.AadObjectId, RequestedByName = bot.Admin.Name,
            CreatedAt = then, ExpiresAt = then.AddMinutes(10),
        });
        return state;
    }

    private static List<string> Page((HttpStatusCode Status, string Html) page, string expected)
    {
        var problems = new List<string>();
        if (page.Status != HttpStatusCode.BadRequest) problems.Add($"status {(int)page.Status}, expected 400");
        if (!page.Html.Contains(expected, StringComparison.Ordinal)) problems.Add($"the page does not say '{expected}'");
        if (page.Html.Contains("id=\"code\"", StringComparison.Ordinal)) problems.Add("the page shows a verification code");
        return problems;
    }

    private async Task<List<string>> ChatRefusalAsync(TeamsUser who, string code, string expected, bool audited)
    {
        var denied = await DeniedAsync(who);
        var reply = await bot.Teams.SayAsync(TeamsConversation.Personal(who), who, code);
        var problems = new List<string>();
        if (!reply.VisibleText.Contains(expected, StringComparison.Ordinal)) problems.Add($"reply: {reply.VisibleText}");
        if (audited && await DeniedAsync(who) <= denied) problems.Add("no Denied portal.link audit entry");
        return problems;
    }

    private async Task<List<string>> VerifyStateRefusalAsync(TeamsUser who, string code)
    {
        var chat = TeamsConversation.Personal(who);
        var denied = await DeniedAsync(who);
        var before = bot.Teams.Connector.Calls.Count;
        var (status, _) = await bot.Teams.InvokeAsync(Activities.SignInVerifyState(bot.Simulator.ServiceUrl, chat, who, code));
        var reply = await bot.Teams.Connector.WaitForMessageAsync(chat.Id, c => bot.Teams.Connector.Calls.ToList().IndexOf(c) >= before);
        var problems = new List<string>();
        if (status != HttpStatusCode.OK) problems.Add($"status {(int)status}");
        // A non-admin is stopped by the route's Admin check before the code is even looked at; an admin by the code's owner.
        if (!reply.VisibleText.Contains("belongs to someone else", StringComparison.Ordinal) && !reply.VisibleText.Contains("You need the Admin role", StringComparison.Ordinal))
            problems.Add($"reply: {reply.VisibleText}");
        if (await DeniedAsync(who) <= denied) problems.Add("no Denied portal.link audit entry");
        return problems;
    }

    private async Task<int> DeniedAsync(TeamsUser who)
    {
        var page = await bot.Host.Services.GetRequiredService<AuditLog>().ReadPageAsync(who.TenantId, AuditLog.MaxPageSize);
        return page.Entries.Count(e => e.ActorAadObjectId == who.AadObjectId && e.Action == "portal.link" && e.Outcome == "Denied");
    }

    private async Task<string> LinksAsync()
    {
        var a = await Links.GetAsync(TenantA);
        var b = await Links.GetAsync(SecurityBotFixture.TenantB);
        return $"A: {a?.PortalId} {a?.State} {a?.RefreshToken} | B: {b?.PortalId} {b?.State} {b?.RefreshToken}";
    }
}
