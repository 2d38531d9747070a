using System.Net;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using Bot.Tests.Harness;
using Bot.Tests.Features.Deals;
using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.Features.Deals;
using HubSpotTeamsBot.Features.Engagements;
using HubSpotTeamsBot.Records;
using static Bot.Tests.Features.Contacts.ContactKit;

namespace Bot.Tests.Production;

/// <summary>
/// THE PROOF of a deployment: the built bot as a separate Production process with exactly the app settings the
/// compiled infra/main.bicep gives the web app (only the declared <see cref="ProductionSettings.Replacements"/>
/// differ), runs a customer's first day; and with any one required setting taken away, refuses to start naming it.
/// </summary>
public sealed partial class ProductionSettingsJourneyTests
{
    private static readonly string[] PagePaths = ["/", "/privacy", "/terms"];

    [Fact]
    public async Task The_template_settings_run_the_first_day_link_hubspot_pages_health_and_telemetry()
    {
        await using var simulator = await ChannelSimulator.StartAsync();
        var azurite = new AzuriteFixture { TlsCertificate = simulator.Certificate };
        await azurite.StartAsync();
        await using var identity = await ManagedIdentityStub.StartAsync();
        await using var sandbox = SandboxHost.Start();
        await using var appInsights = await AppInsightsStub.StartAsync(simulator.Certificate);
        await using var graph = await GraphStub.StartAsync(simulator.Certificate);
        simulator.AcceptedScopes.Add($"{graph.BaseUrl.GetLeftPart(UriPartial.Authority)}/.default");
        var admin = TeamsUser.New("Megan Bowen");
        var colleague = TeamsUser.New("Alex Wilber");
        foreach (var person in new[] { admin, colleague }) graph.Directory.AddUser(person.Name, person.Email, id: person.AadObjectId);
        try
        {
            var settings = await ProductionSettings.BuildAsync(StandInsFor(simulator, azurite, identity, sandbox, appInsights, graph), admin.AadObjectId);
            Assert.Equal("Production", settings["ASPNETCORE_ENVIRONMENT"]);
            Assert.Equal(admin.AadObjectId, settings["Roles__BootstrapAdmins__0"]);
            var publicBase = new Uri(settings["Bot__PublicBaseUrl"]);
            Assert.Equal("https://contoso-hsbot-bot.azurewebsites.net/", publicBase.ToString());

            await using var bot = BotProcess.Start(settings, trust: [simulator.Certificate]);
            await bot.WaitUntilHealthyAsync();
            using var http = new HttpClient { BaseAddress = bot.BaseAddress };
            using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
            var teams = new SimulatedTeams(simulator, http);
            var chat = TeamsConversation.Personal(admin);

            // The bootstrap admin links HubSpot: sign-in card → our start page → consent → our callback → code in chat.
            var card = await teams.SayAsync(chat, admin, "connect");
            var start = new Uri(card.Card?["actions"]?[0]?["data"]?["msteams"]?["value"]?.GetValue<string>() ?? throw new Xunit.Sdk.XunitException("no sign-in card: " + card.VisibleText));
            Assert.Equal(publicBase.Host, start.Host); // built from Bot__PublicBaseUrl as the template writes it
            using var startPage = await browser.GetAsync(OnProcess(bot, start));
            Assert.Equal(HttpStatusCode.Redirect, startPage.StatusCode);
            var consent = await sandbox.ConsentAsync(startPage.Headers.Location!);
            Assert.Equal(publicBase.Host, consent.Location.Host); // HubSpot__RedirectUri from the template
            using var callback = await browser.GetAsync(OnProcess(bot, consent.Location));
            var html = await callback.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, callback.StatusCode);
            var code = CodePattern().Match(html).Groups[1].Value;
            var linked = await teams.SayAsync(chat, admin, code);
            Assert.Contains("Linked to HubSpot portal", linked.VisibleText, StringComparison.Ordinal);
            var status = await teams.SayAsync(chat, admin, "status");
            Assert.Contains($"Linked to HubSpot portal {SandboxHost.DemoPortalId}", status.VisibleText, StringComparison.Ordinal);

            // The admin grants a colleague Editor (looked up in the directory through Graph); the colleague works.
            var grant = await teams.SayAsync(chat, admin, $"role grant {colleague.Email} editor");
            Assert.Contains("Editor", grant.VisibleText, StringComparison.Ordinal);
            var work = TeamsConversation.Personal(colleague);
            var email = $"t{Guid.NewGuid():N}@example.com";
            var contactForm = (await teams.SayAsync(work, colleague, "new contact")).Card ?? throw new Xunit.Sdk.XunitException("no contact form");
            var contact = await ExecuteAsync(teams, work, colleague, RecordCards.Verbs.ContactCreate, Fill(ButtonData(contactForm), ("firstname", "Grace"), ("lastname", "Hopper"), ("email", email)));
            Assert.Contains("Contact created", AllText(contact), StringComparison.Ordinal);
            var dealForm = (await teams.SayAsync(work, colleague, "new deal")).Card ?? throw new Xunit.Sdk.XunitException("no deal form");
            var dealName = $"Journey deal {Guid.NewGuid():N}"[..25];
            var stage = FormCards.ChoiceValue(dealForm, DealFields.Stage, FormCards.ChoiceTitles(dealForm, DealFields.Stage).First());
            var deal = FormCards.ExecuteCard(await InvokeAsync(teams, work, colleague, FormCards.Click(dealForm, "Create deal",
                (DealFields.Name, dealName), (DealFields.Stage, stage), (DealFields.Amount, "2500"), (DealFields.CloseDate, "2026-12-31"), (DealFields.ContactText, email))));
            Assert.Contains("Deal created", FormCards.Elements(deal["body"]).Select(e => e["text"]?.GetValue<string>()));
            var noteForm = (await teams.SayAsync(work, colleague, $"log note {email}")).Card ?? throw new Xunit.Sdk.XunitException("no note form");
            var noteText = $"Journey note {Guid.NewGuid():N}";
            var note = FormCards.ExecuteCard(await InvokeAsync(teams, work, colleague, FormCards.Click(noteForm, "Log note", (EngagementFields.Body, noteText))));
            Assert.Contains("Note logged", AllText(note), StringComparison.OrdinalIgnoreCase);
            var whoami = await teams.SayAsync(work, colleague, "whoami");
            Assert.Contains("Editor", whoami.VisibleText, StringComparison.Ordinal);

            foreach (var path in PagePaths)
            {
                using var page = await http.GetAsync(new Uri(path, UriKind.Relative));
                Assert.True(page.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)page.StatusCode}");
                Assert.Contains("<h1", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
            using (var health = await http.GetAsync(new Uri("/healthz", UriKind.Relative)))
            {
                Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            }

            // A graceful stop (as App Service does) flushes the exporters: traces and metrics of these turns arrive.
            await bot.StopAsync();
            var telemetry = appInsights.AllTelemetry;
            Assert.Contains("turn command connect", telemetry, StringComparison.Ordinal);
            Assert.Contains("bot.turns", telemetry, StringComparison.Ordinal);
            Assert.Contains("hubspot.calls", telemetry, StringComparison.Ordinal);
            Assert.DoesNotContain(code, telemetry, StringComparison.Ordinal);
            Assert.DoesNotContain(SandboxHost.ClientSecret, telemetry, StringComparison.Ordinal);
            Assert.Contains(identity.Requests, r => r.HeaderMatched && r.ClientId == TemplateAppSettings.DeploymentFacts["identity"]["clientId"] as string);
        }
        finally
        {
            await azurite.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("Bot__PublicBaseUrl", "Bot:PublicBaseUrl is required in Production", "Bot__PublicBaseUrl")]
    [InlineData("Roles__BootstrapAdmins__0", "Roles:BootstrapAdmins is empty in Production", "deploy.ps1 -Admins")]
    [InlineData("Storage__TableEndpoint Storage__QueueEndpoint Storage__BlobEndpoint", "Storage:TableEndpoint is not set", "Storage__TableEndpoint")]
    [InlineData("HubSpot__ClientId", "HubSpot:ClientId is required", "HubSpot__ClientId")]
    public async Task Without_a_required_setting_the_bot_refuses_to_start_naming_it_and_how_to_set_it(string removed, string message, string howToSet)
    {
        // No stand-in needs to run: the refusal comes before any call.
        await using var simulator = await ChannelSimulator.StartAsync();
        var standIns = new StandIns(simulator, new Uri("https://127.0.0.1:9/devstoreaccount1"), new Uri("https://127.0.0.1:9/devstoreaccount1"),
            new Uri("https://127.0.0.1:9/devstoreaccount1"), "http://127.0.0.1:9/msi/token", new Uri("http://127.0.0.1:9/"), new Uri("http://127.0.0.1:9/oauth/authorize"), "https://127.0.0.1:9/", new Uri("https://127.0.0.1:9/v1.0"));
        var settings = await ProductionSettings.BuildAsync(standIns, TeamsUser.New("Megan Bowen").AadObjectId);
        foreach (var name in removed.Split(' ')) Assert.True(settings.Remove(name), $"the template does not write {name}");

        await using var bot = BotProcess.Start(settings);
        var exitCode = await bot.WaitForExitAsync();

        Assert.NotEqual(0, exitCode);
        Assert.Contains(message, bot.Output, StringComparison.Ordinal);
        Assert.Contains(howToSet, bot.Output, StringComparison.Ordinal);
    }

    private static async Task<JsonNode> ExecuteAsync(SimulatedTeams teams, TeamsConversation chat, TeamsUser user, string verb, JsonObject data)
    {
        var (status, body) = await teams.InvokeAsync(Activities.AdaptiveCardAction(teams.ServiceUrl, chat, user, verb, data));
        Assert.Equal(HttpStatusCode.OK, status);
        return body!["value"]!;
    }

    private static async Task<JsonNode?> InvokeAsync(SimulatedTeams teams, TeamsConversation chat, TeamsUser user, JsonObject data)
    {
        var (status, body) = await teams.InvokeAsync(Activities.AdaptiveCardAction(teams.ServiceUrl, chat, user, FormCards.Verb(data), data));
        Assert.Equal(HttpStatusCode.OK, status);
        return body;
    }

    private static StandIns StandInsFor(ChannelSimulator simulator, AzuriteFixture azurite, ManagedIdentityStub identity, SandboxHost sandbox, AppInsightsStub appInsights, GraphStub graph) =>
        new(simulator, azurite.TableEndpoint, azurite.QueueEndpoint, azurite.BlobEndpoint, identity.Endpoint, sandbox.BaseUrl, sandbox.AuthorizeUrl, appInsights.BaseUrl, graph.BaseUrl);

    /// <summary>The deployed host name mapped to the local process: the browser's side of DNS, not a setting.</summary>
    private static Uri OnProcess(BotProcess bot, Uri deployed) => new(bot.BaseAddress, deployed.PathAndQuery);

    [GeneratedRegex("id=\"code\">(\\d{6})<")]
    private static partial Regex CodePattern();
}
