using System.Net;
using System.Text.Json.Nodes;
using Bot.Tests.Features.Deals;
using Bot.Tests.Harness;
using HubSpotTeamsBot.BotFramework;
using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.Features.Contacts;
using HubSpotTeamsBot.Features.Deals;
using HubSpotTeamsBot.Features.Engagements;
using HubSpotTeamsBot.Forms;
using HubSpotTeamsBot.Features.Help;
using HubSpotTeamsBot.Features.Linking;
using HubSpotTeamsBot.Features.Roles;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Identity;
using HubSpotTeamsBot.Records;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bot.Tests.Features.CardActions;

/// <summary>
/// Every button on every card the bot can emit leads somewhere: the cards a person meets on the whole journey (every
/// command, every dialog, every inline step, the message extension) plus the cards built directly for states that are
/// hard to reach, each action checked against the router's registered routes by <see cref="CardActionCheck"/>.
/// A card action with no route fails here.
/// </summary>
public sealed class CardActionCoverageTests(CrmBotFixture bot) : IClassFixture<CrmBotFixture>, IAsyncLifetime
{
    private readonly List<EmittedCard> _cards = [];

    public Task InitializeAsync() => bot.StartLinkedAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private IReadOnlyList<RouteRegistration> Routes => bot.Host.Services.GetRequiredService<ActivityRouter>().Registrations;

    private Uri PublicBaseUrl => new(bot.Host.Services.GetRequiredService<IOptions<BotOptions>>().Value.PublicBaseUrl!);

    [Fact]
    public void The_check_finds_a_dead_verb_a_dialog_button_that_validates_inputs_and_a_relative_link()
    {
        var card = Card.Adaptive(Inputs.Email("email", "Email", required: true)).WithActions(
            Card.Submit("Try", "help.try", associatedInputs: Card.IgnoresInputs),
            Card.Submit("Open", "contact.create"),
            Card.OpenUrl("Docs", "/docs"));
        var open = card["actions"]![1]!;
        open["data"]!["msteams"] = new JsonObject { ["type"] = "task/fetch" };

        var problems = CardActionCheck.Problems(new EmittedCard(card, CardHost.Conversation, "synthetic"), Routes, PublicBaseUrl).ToList();

        Assert.Contains(problems, p => p.Contains("“help.try”, which no card-submit route handles", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("“Open”", StringComparison.Ordinal) && p.Contains("associatedInputs: none", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("“/docs”", StringComparison.Ordinal));
        Assert.Equal(3, problems.Count);
    }

    [Fact]
    public async Task Every_action_of_every_card_the_bot_emits_has_a_route_a_reachable_link_and_a_deliberate_inputs_choice()
    {
        var admin = TeamsConversation.Personal(bot.Admin);
        var crm = bot.Host.Services.GetRequiredService<HubSpotCrmClient>();
        var ada = (await crm.GetContactByEmailAsync(ChannelSimulator.BotTenantId, "ada@example.com"))!;
        var deal = (await crm.SearchAsync(ChannelSimulator.BotTenantId, CrmObjectType.Deals, new CrmSearchRequest { Query = "Difference Engine", Limit = 1 })).Results.Single();
        var callsBefore = bot.Teams.Connector.Calls.Count;

        // Chat: every command that answers with a card.
        foreach (var command in new[]
                 {
                     "help", "no such command", "whoami", "status", "roles", "audit", "find ada", "find Difference Engine", "new contact",
                     "edit contact ada@example.com", "edit contact nobody-here@example.com", "new deal", $"update deal {deal.Id}",
                     "log note ada@example.com", "log call ada@example.com", "log meeting ada@example.com", "log task ada@example.com",
                     $"log note {deal.Id}", "disconnect", "connect",
                 })
        {
            await bot.Teams.SayAsync(admin, bot.Admin, command);
        }

        // Inline steps: the duplicate answer and the engagement chooser.
        var form = (await bot.Teams.SayAsync(admin, bot.Admin, "new contact")).Card!;
        await InvokeAsync(Activities.AdaptiveCardAction(bot.Teams.ServiceUrl, admin, bot.Admin, RecordCards.Verbs.ContactCreate,
            FormCards.Click(form, "Create contact", ("email", "ada@example.com"))));

        // Dialogs opened from record-card buttons, and their next steps.
        var record = new JsonObject { [FormKeys.RecordId] = ada.Id, [FormKeys.RecordType] = "contacts" };
        var dealRecord = new JsonObject { [FormKeys.RecordId] = deal.Id, [FormKeys.RecordType] = "deals" };
        await FetchAsync(admin, RecordCards.Verbs.ContactCreate);
        await FetchAsync(admin, RecordCards.Verbs.ContactUpdate, record);
        await FetchAsync(admin, RecordCards.Verbs.DealCreate, new JsonObject { ["contactId"] = ada.Id });
        await FetchAsync(admin, RecordCards.Verbs.DealUpdate, dealRecord);
        await FetchAsync(admin, DealVerbs.MoveStage, new JsonObject { [FormKeys.RecordId] = deal.Id });
        var chooser = FormCards.DialogCard(await FetchAsync(admin, RecordCards.Verbs.LogActivity, record));
        foreach (var kind in chooser["actions"]!.AsArray())
            await InvokeAsync(Activities.TaskSubmit(bot.Teams.ServiceUrl, admin, bot.Admin, RecordCards.Verbs.LogActivity, kind!["data"]!.DeepClone().AsObject()));
        var dialogForm = FormCards.DialogCard(await FetchAsync(admin, RecordCards.Verbs.ContactCreate));
        await InvokeAsync(Activities.TaskSubmit(bot.Teams.ServiceUrl, admin, bot.Admin, RecordCards.Verbs.ContactCreate,
            FormCards.Click(dialogForm, "Create contact", ("email", "ada@example.com"))));

        // The message extension: searches, the inserted card, an unfurled link, the Log to HubSpot dialog.
        await InvokeAsync(Activities.ComposeQuery(bot.Teams.ServiceUrl, admin, bot.Admin, "searchContacts", "ada"));
        await InvokeAsync(Activities.ComposeQuery(bot.Teams.ServiceUrl, admin, bot.Admin, "searchDeals", "Difference"));
        await InvokeAsync(Activities.Invoke(bot.Teams.ServiceUrl, admin, bot.Admin, "composeExtension/selectItem", new JsonObject { ["type"] = "contact", ["id"] = ada.Id }));
        await InvokeAsync(Activities.Invoke(bot.Teams.ServiceUrl, admin, bot.Admin, "composeExtension/selectItem", new JsonObject { ["type"] = "deal", ["id"] = deal.Id }));
        await InvokeAsync(Activities.Invoke(bot.Teams.ServiceUrl, admin, bot.Admin, "composeExtension/queryLink",
            new JsonObject { ["url"] = new HubSpotRecordLinks(SandboxHost.DemoPortalId).Deal(deal.Id) }));
        await InvokeAsync(Activities.Invoke(bot.Teams.ServiceUrl, admin, bot.Admin, "composeExtension/fetchTask", new JsonObject
        {
            ["commandId"] = "logToHubSpot",
            ["commandContext"] = "message",
            ["messagePayload"] = new JsonObject { ["id"] = "1700000000001", ["body"] = new JsonObject { ["contentType"] = "text", ["content"] = "Call Ada back" } },
        }));

        // Welcome on install.
        using (await bot.Teams.PostAsync(Activities.InstallationUpdate(bot.Teams.ServiceUrl, admin, bot.Admin))) { }
        await bot.Teams.Connector.WaitForMessageAsync(admin.Id, c => c.VisibleText.Contains("Connect HubSpot", StringComparison.Ordinal) || c.VisibleText.Contains("HubSpot", StringComparison.Ordinal));

        foreach (var call in bot.Teams.Connector.Calls.Skip(callsBefore))
            foreach (var card in Cards(call.Body)) _cards.Add(new EmittedCard(card, CardHost.Conversation, $"{call.Method} {CardCapture.RouteOf(call.Method, call.Body)}"));
        AddBuiltDirectly(ada, deal);

        var problems = _cards.SelectMany(c => CardActionCheck.Problems(c, Routes, PublicBaseUrl)).Distinct().ToList();
        Assert.True(problems.Count == 0, $"{problems.Count} card actions lead nowhere:\n{string.Join("\n", problems)}");
        // The journey reached what it meant to: forms in both hosts, record cards, the dialogs of the message extension.
        Assert.True(_cards.Count(c => c.Host == CardHost.Dialog) >= 10, $"only {_cards.Count(c => c.Host == CardHost.Dialog)} dialog cards");
        Assert.Contains(_cards, c => c.Host.CommandId == "logToHubSpot");
        Assert.True(_cards.Count >= 40, $"only {_cards.Count} cards");
    }

    /// <summary>Cards for states the journey does not reach cheaply (a conflict, a group choice, the sign-in card…).</summary>
    private void AddBuiltDirectly(CrmObject ada, CrmObject deal)
    {
        var links = new HubSpotRecordLinks(SandboxHost.DemoPortalId);
        var options = new ContactFormOptions([("Lead", "lead")], [("New", "NEW")], [("Megan Bowen (you)", "1")], "1");
        var contactState = new ContactFormState(FormKeys.NewSubmissionId(), new Dictionary<string, string?> { ["email"] = "ada@example.com" }, ada.Id, "1");
        var dealState = new DealFormState(FormKeys.NewSubmissionId(), new Dictionary<string, string?> { [DealFields.Name] = "X" }, deal.Id, "1");
        var link = new PortalLink
        {
            TenantId = ChannelSimulator.BotTenantId, PortalId = SandboxHost.DemoPortalId, HubDomain = "demo.hubspot.local", LinkedByAadObjectId = bot.Admin.AadObjectId,
            LinkedAt = DateTimeOffset.UtcNow, State = PortalLinkState.Linked, AccessToken = "a", RefreshToken = "r", AccessTokenExpiresAt = DateTimeOffset.UtcNow,
        };
        var stages = new[] { new StageChoice("default", "appointmentscheduled", "Sales › Appointment scheduled") };
        foreach (var host in new[] { FormHost.Inline, FormHost.Dialog })
        {
            var cardHost = host == FormHost.Inline ? CardHost.Conversation : CardHost.Dialog;
            Add(ContactCards.Duplicate(host, ada, links, options), cardHost, $"contact duplicate ({host})");
            Add(ContactCards.Conflict(host, contactState, ada, "2", ["email"]), cardHost, $"contact conflict ({host})");
            Add(ContactForm.Build(host, contactState, options), cardHost, $"contact form ({host})");
            Add(DealFormCard.Build(host, dealState, stages, "GBP", FormProblems.Message(DealConflict.Banner)), cardHost, $"deal conflict ({host})");
            Add(EngagementFormCard.Chooser(host, new CrmRecordRef(CrmObjectType.Deals, deal.Id), "Deal"), cardHost, $"engagement chooser ({host})");
        }
        Add(ContactCards.PickList([ada, ada], "ada"), CardHost.Conversation, "contact pick list");
        Add(ContactCards.NotFound("nobody"), CardHost.Conversation, "contact not found");
        Add(HelpCard.Build(), CardHost.Conversation, "help");
        Add(PortalLinkCards.SignIn(new Uri(PublicBaseUrl, "auth/hubspot/start?state=x")), CardHost.Conversation, "sign-in");
        Add(PortalLinkCards.ConfirmReplace(link), CardHost.Conversation, "confirm replace");
        Add(PortalLinkCards.ConfirmDisconnect(link), CardHost.Conversation, "confirm disconnect");
        Add(RolesCards.ChooseGroup([new Principal("g1", PrincipalKind.Group, "Sales")], AppRole.Editor), CardHost.Conversation, "choose group");
        Add(RecordCards.Contact(ada, links, new RecordCardOptions { ReaderCanEdit = true }), CardHost.Conversation, "contact card");
        Add(RecordCards.Deal(deal, links, new RecordCardOptions { ReaderCanEdit = true }), CardHost.Conversation, "deal card");
    }

    private void Add(JsonObject card, CardHost host, string source) => _cards.Add(new EmittedCard(card, host, source));

    private Task<JsonNode?> FetchAsync(TeamsConversation chat, string verb, JsonObject? data = null) =>
        InvokeAsync(Activities.TaskFetch(bot.Teams.ServiceUrl, chat, bot.Admin, verb, data));

    private async Task<JsonNode?> InvokeAsync(JsonObject invoke)
    {
        var (status, body) = await bot.Teams.InvokeAsync(invoke);
        Assert.Equal(HttpStatusCode.OK, status);
        var name = invoke["name"]!.GetValue<string>();
        var host = name switch
        {
            "task/fetch" or "task/submit" => CardHost.Dialog,
            "composeExtension/fetchTask" or "composeExtension/submitAction" => CardHost.ComposeDialog(invoke["value"]!["commandId"]!.GetValue<string>()),
            _ => CardHost.Conversation,
        };
        foreach (var card in Cards(body)) _cards.Add(new EmittedCard(card, host, CardCapture.RouteOf(invoke)));
        return body;
    }

    private static IEnumerable<JsonObject> Cards(JsonNode? payload) => CardCapture.FindCards(payload);
}
