using System.Text.Json;
using System.Text.Json.Nodes;
using Bot.Tests.Harness;
using HubSpotTeamsBot.Features.Engagements;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Reliability;

/// <summary>
/// An instance dies in the middle of a save: its claim on the submission is never completed or released, and HubSpot
/// may or may not hold what it was writing. When the claim lapses, the next delivery of that click (the durable
/// queue's redelivery, or the user's next click) must finish the save with exactly one record — the one the dead
/// attempt stored, or a new one — instead of answering "still saving" for a save that stopped, or writing twice.
/// </summary>
public sealed class FaultLapsedClaimTests(FaultsFixture bot) : IClassFixture<FaultsFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => bot.LinkPortalAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("contact", true)]
    [InlineData("contact", false)]
    [InlineData("deal", true)]
    [InlineData("deal", false)]
    [InlineData("note", true)]
    [InlineData("note", false)]
    public async Task A_save_whose_instance_died_is_finished_by_the_next_delivery_with_exactly_one_record(string kind, bool deadAttemptWrote)
    {
        var crm = bot.Host.Services.GetRequiredService<HubSpotCrmClient>();
        var token = Guid.NewGuid().ToString("N")[..10];
        var submission = Guid.NewGuid().ToString("N");
        var ada = (await crm.GetContactByEmailAsync(ChannelSimulator.BotTenantId, "ada@example.com"))!;
        var (form, properties) = Form(kind, token, submission, ada.Id);

        // The dead attempt: it claimed the submission, perhaps wrote the record, and never came back.
        var store = bot.Host.Services.GetRequiredService<IdempotencyStore>();
        await store.ClaimAsync(ChannelSimulator.BotTenantId, $"form:{submission}", TimeSpan.FromMilliseconds(300));
        string? written = null;
        if (deadAttemptWrote)
        {
            written = kind == "note"
                ? (await crm.CreateEngagementAsync(ChannelSimulator.BotTenantId, CrmObjectType.Notes, properties, [new CrmRecordRef(CrmObjectType.Contacts, ada.Id)])).Id
                : (await crm.CreateAsync(ChannelSimulator.BotTenantId, kind == "deal" ? CrmObjectType.Deals : CrmObjectType.Contacts, properties)).Id;
        }

        await Task.Delay(TimeSpan.FromMilliseconds(600));
        var user = new FaultUser(bot, bot.Editor);
        var chat = TeamsConversation.Personal(bot.Editor);
        var answer = kind == "deal" ? await user.DialogSubmitAsync(chat, form) : await user.ExecuteAsync(chat, form);
        var stored = await StoredAsync(kind, token);

        Assert.True(answer.Kind == FaultAnswerKind.Success, $"the next delivery: {answer}");
        var record = Assert.Single(stored);
        if (written is not null) Assert.Equal(written, record);
    }

    private static (JsonObject Form, Dictionary<string, string> Properties) Form(string kind, string token, string submission, string adaId) => kind switch
    {
        "contact" => (new JsonObject { ["verb"] = "contact.create", ["submissionId"] = submission, ["firstname"] = "Lapsed", ["lastname"] = token, ["email"] = $"l-{token}@example.com" },
            new() { ["firstname"] = "Lapsed", ["lastname"] = token, ["email"] = $"l-{token}@example.com" }),
        "deal" => (new JsonObject { ["verb"] = "deal.create", ["submissionId"] = submission, ["dealname"] = $"Lapsed {token}", ["stage"] = "default|qualifiedtobuy" },
            new() { ["dealname"] = $"Lapsed {token}", ["pipeline"] = "default", ["dealstage"] = "qualifiedtobuy" }),
        _ => (new JsonObject
            {
                ["verb"] = "activity.log", ["submissionId"] = submission, ["recordType"] = "contacts", ["recordId"] = adaId, ["recordLabel"] = "Ada Lovelace",
                ["kind"] = "note", ["body"] = $"Lapsed {token}",
            },
            // What the bot writes for that form (its own mapping), as the dead attempt would have.
            new(EngagementValues.Parse(EngagementKind.Note, new Dictionary<string, string?> { ["body"] = $"Lapsed {token}" }, DateTimeOffset.UtcNow, "Alex Wilber", null).Properties)),
    };

    private async Task<List<string>> StoredAsync(string kind, string token)
    {
        var (type, property) = kind switch { "contact" => ("contacts", "lastname"), "deal" => ("deals", "dealname"), _ => ("notes", "hs_note_body") };
        var all = await bot.Sandbox.Admin.GetObjectsAsync(SandboxHost.DemoPortalId, type);
        return all.EnumerateArray()
            .Where(r => r.GetProperty("properties").TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String && v.GetString()!.Contains(token, StringComparison.Ordinal))
            .Select(r => r.GetProperty("id").GetString()!).ToList();
    }
}
