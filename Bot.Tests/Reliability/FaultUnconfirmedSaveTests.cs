using System.Text.Json;
using System.Text.Json.Nodes;
using Bot.Tests.Harness;
using HubSpotTeamsBot.HubSpot;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Reliability;

/// <summary>
/// The ambiguous failures, one at a time: HubSpot answers a create with a 5xx or not at all, having stored it or not.
/// The bot must not claim "nothing was changed", must keep the form, and the next click of the same form must end
/// with exactly one record — the one already stored, or a new one when nothing was.
/// </summary>
public sealed class FaultUnconfirmedSaveTests(FaultsFixture bot) : IClassFixture<FaultsFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => bot.LinkPortalAsync();

    public Task DisposeAsync() => bot.Sandbox.Admin.ClearFaultsAsync();

    [Theory]
    [InlineData("contact", "rate5xxAfterWrite", 1)]
    [InlineData("contact", "hangAfterWriteRate", 1)]
    [InlineData("contact", "rate5xx", 0)]
    [InlineData("deal", "rate5xxAfterWrite", 1)]
    [InlineData("deal", "hangAfterWriteRate", 1)]
    [InlineData("deal", "rate5xx", 0)]
    [InlineData("note", "rate5xxAfterWrite", 1)]
    [InlineData("note", "hangAfterWriteRate", 1)]
    [InlineData("note", "hangRate", 0)]
    public async Task An_unconfirmed_create_keeps_the_form_and_the_next_click_ends_with_exactly_one_record(string kind, string fault, int storedByFirstClick)
    {
        var user = new FaultUser(bot, bot.Editor);
        var token = Guid.NewGuid().ToString("N")[..10];
        var form = await FormAsync(kind, token);
        var plan = new JsonObject { ["seed"] = 1, [fault] = 1.0, ["hangMs"] = FaultsFixture.HangMs };

        await bot.Sandbox.Admin.SetFaultsAsync(plan);
        var first = await ClickAsync(user, kind, form);
        await bot.Sandbox.Admin.ClearFaultsAsync();
        var afterFirst = await StoredAsync(kind, token);
        var second = await ClickAsync(user, kind, form);
        var afterSecond = await StoredAsync(kind, token);

        // Stored: only "unconfirmed" is true. Not stored: the failure may have struck a read before the create
        // ("busy, nothing was changed") or the create itself (unconfirmed) — both are honest.
        Assert.True(storedByFirstClick == 1 ? first.Kind == FaultAnswerKind.Unconfirmed : first.AsksToRetry, $"first click under {fault}: {first}");
        // A re-shown form kept what was typed; a sentence alone leaves the clicked form in place in Teams.
        if (first.Card is not null) Assert.Contains(token, first.Text, StringComparison.Ordinal);
        Assert.Equal(storedByFirstClick, afterFirst.Count);
        Assert.True(second.Kind == FaultAnswerKind.Success, $"second click: {second}");
        var record = Assert.Single(afterSecond);
        if (storedByFirstClick == 1) Assert.Equal(afterFirst[0], record);
    }

    private async Task<JsonObject> FormAsync(string kind, string token)
    {
        var submission = Guid.NewGuid().ToString("N");
        if (kind == "contact")
            return new JsonObject { ["verb"] = "contact.create", ["submissionId"] = submission, ["firstname"] = "Unconfirmed", ["lastname"] = token, ["email"] = $"u-{token}@example.com" };
        if (kind == "deal")
            return new JsonObject { ["verb"] = "deal.create", ["submissionId"] = submission, ["dealname"] = $"Unconfirmed {token}", ["stage"] = "default|qualifiedtobuy" };
        var ada = await bot.Host.Services.GetRequiredService<HubSpotCrmClient>().GetContactByEmailAsync(ChannelSimulator.BotTenantId, "ada@example.com");
        return new JsonObject
        {
            ["verb"] = "activity.log", ["submissionId"] = submission, ["recordType"] = "contacts", ["recordId"] = ada!.Id, ["recordLabel"] = "Ada Lovelace",
            ["kind"] = "note", ["body"] = $"Unconfirmed {token}",
        };
    }

    private static Task<FaultAnswer> ClickAsync(FaultUser user, string kind, JsonObject form)
    {
        var chat = TeamsConversation.Personal(user.User);
        return kind == "deal" ? user.DialogSubmitAsync(chat, form) : user.ExecuteAsync(chat, form);
    }

    private async Task<List<string>> StoredAsync(string kind, string token)
    {
        var (type, property) = kind switch { "contact" => ("contacts", "lastname"), "deal" => ("deals", "dealname"), _ => ("notes", "hs_note_body") };
        var all = await bot.Sandbox.Admin.GetObjectsAsync(SandboxHost.DemoPortalId, type);
        return all.EnumerateArray()
            .Where(r => r.GetProperty("properties").TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String && v.GetString()!.Contains(token, StringComparison.Ordinal))
            .Select(r => r.GetProperty("id").GetString()!).ToList();
    }
}
