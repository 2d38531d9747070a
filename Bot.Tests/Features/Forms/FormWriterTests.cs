using System.Text.Json.Nodes;
using Bot.Tests.Features.Contacts;
using Bot.Tests.Harness;
using HubSpotTeamsBot.BotFramework.Connector;
using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.BotFramework.Schema;
using HubSpotTeamsBot.Features.Common;
using HubSpotTeamsBot.Forms;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Features.Forms;

/// <summary>The shared write path against the real sandbox and Azurite: HubSpot's answers become form outcomes.</summary>
public sealed class FormWriterTests(CrmBotFixture bot) : IClassFixture<CrmBotFixture>, IAsyncLifetime
{
    private const string Tenant = ChannelSimulator.BotTenantId;

    public Task InitializeAsync() => bot.StartLinkedAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_HubSpot_400_comes_back_as_field_errors_on_the_reshown_form_and_the_submission_can_be_retried()
    {
        var form = Form(Guid.NewGuid().ToString("N"));
        FormProblems? shown = null;
        var attempts = 0;
        var write = new FormWrite("contact.create", "contact",
            problems => { shown = problems; return new JsonObject { ["reshown"] = true }; },
            async () =>
            {
                attempts++;
                var created = await Crm.CreateAsync(Tenant, CrmObjectType.Contacts, new Dictionary<string, string>
                {
                    ["email"] = $"f{Guid.NewGuid():N}@example.com",
                    ["hs_lead_status"] = attempts == 1 ? "NO_SUCH_STATUS" : "NEW",
                });
                return new FormWriteResult(FormOutcome.Say("created"), created.Id);
            },
            id => Task.FromResult(FormOutcome.Say("repeat " + id)));

        var first = await Writer.RunAsync(form, write);
        var second = await Writer.RunAsync(form, write);
        var third = await Writer.RunAsync(form, write);

        Assert.IsType<FormOutcome.ShowCard>(first);
        Assert.Contains("hs_lead_status", shown!.FieldErrors.Keys);
        Assert.Equal("created", Assert.IsType<FormOutcome.Message>(second).Text);
        Assert.StartsWith("repeat ", Assert.IsType<FormOutcome.Message>(third).Text, StringComparison.Ordinal);
        Assert.Equal(2, attempts);
        var audit = (await bot.Host.Services.GetRequiredService<AuditLog>().ReadPageAsync(Tenant, AuditLog.MaxPageSize)).Entries
            .Where(e => e.ActorAadObjectId == bot.Editor.AadObjectId && e.Action == "contact.create").ToList();
        Assert.Contains(audit, e => e.Outcome == AuditOutcomes.Failed && !string.IsNullOrEmpty(e.CorrelationId));
    }

    [Fact]
    public async Task A_failure_the_form_cannot_describe_releases_the_claim_and_reaches_the_router()
    {
        var form = Form(Guid.NewGuid().ToString("N"));
        var calls = 0;
        FormWrite Write(bool fail) => new("contact.create", "contact", _ => [],
            () => { calls++; return fail ? throw new InvalidOperationException("boom") : Task.FromResult(new FormWriteResult(FormOutcome.Say("ok"), "1")); },
            _ => Task.FromResult(FormOutcome.Say("repeat")));

        await Assert.ThrowsAsync<InvalidOperationException>(() => Writer.RunAsync(form, Write(fail: true)));
        var retried = await Writer.RunAsync(form, Write(fail: false));

        Assert.Equal("ok", Assert.IsType<FormOutcome.Message>(retried).Text);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task A_submission_without_an_id_is_refused_without_running_the_work()
    {
        var ran = false;
        var outcome = await Writer.RunAsync(Form(null), new FormWrite("contact.create", "contact", _ => [],
            () => { ran = true; return Task.FromResult(new FormWriteResult(FormOutcome.Say("ok"), "1")); },
            _ => Task.FromResult(FormOutcome.Say("repeat"))));

        Assert.Equal(FormWriter.MissingSubmissionId, Assert.IsType<FormOutcome.Message>(outcome).Text);
        Assert.False(ran);
    }

    private FormContext Form(string? submissionId)
    {
        var activity = new Activity
        {
            Type = ActivityTypes.Invoke,
            ServiceUrl = bot.Teams.ServiceUrl,
            From = new ChannelAccount { Id = bot.Editor.Id, Name = bot.Editor.Name, AadObjectId = bot.Editor.AadObjectId },
            Conversation = new ConversationAccount { Id = "a:forms-" + Guid.NewGuid().ToString("N"), TenantId = Tenant },
        };
        var data = new JsonObject();
        if (submissionId is not null) data[FormKeys.SubmissionId] = submissionId;
        var turn = new TurnContext(activity, bot.Host.Services.GetRequiredService<ConnectorClient>(), bot.Host.Services, CancellationToken.None);
        return new FormContext(turn, new FormSubmission("contact.create", FormHost.Inline, data));
    }

    private FormWriter Writer => bot.Host.Services.GetRequiredService<FormWriter>();

    private HubSpotCrmClient Crm => bot.Host.Services.GetRequiredService<HubSpotCrmClient>();
}
