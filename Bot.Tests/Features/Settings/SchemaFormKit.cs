using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Bot.Tests.Harness;
using HubSpotTeamsBot.Records.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Features.Settings;

/// <summary>Links the tenant to a fresh sandbox portal with custom properties, and drives settings cards.</summary>
internal static class SchemaFormKit
{
    /// <summary>A new "full" portal (custom properties, required lead source) linked to the tenant; no admin choice stored.</summary>
    public static async Task<long> LinkCustomPortalAsync(CrmBotFixture bot)
    {
        var portalId = await bot.Sandbox.Admin.CreatePortalAsync("full");
        await bot.LinkPortalAsync(portalId.ToString(CultureInfo.InvariantCulture));
        await bot.Sandbox.Admin.ResetBehaviourAsync();
        var layouts = bot.Host.Services.GetRequiredService<IFormLayoutStore>();
        foreach (var kind in FormKind.All) await layouts.ResetAsync(ChannelSimulator.BotTenantId, kind);
        return portalId;
    }

    /// <summary>Clicks an Action.Submit (the card's data plus the inputs) and waits for the bot's reply.</summary>
    public static async Task<ConnectorCall> SubmitAsync(CrmBotFixture bot, TeamsConversation chat, TeamsUser user, JsonObject action,
        params (string Id, string Value)[] inputs)
    {
        var value = action["data"]!.DeepClone().AsObject();
        foreach (var (id, text) in inputs) value[id] = text;
        var before = bot.Teams.Connector.Calls.Count;
        using var response = await bot.Teams.PostAsync(Activities.CardSubmit(bot.Simulator.ServiceUrl, chat, user, value));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await bot.Teams.Connector.WaitForMessageAsync(chat.Id, c => bot.Teams.Connector.Calls.ToList().IndexOf(c) >= before);
    }

    public static JsonObject Action(JsonObject card, string title) =>
        card["actions"]!.AsArray().Select(a => a!.AsObject()).Single(a => a["title"]!.GetValue<string>() == title);

    /// <summary>The ids of the card's inputs, in order.</summary>
    public static List<string> InputIds(JsonObject card) =>
        card["body"]!.AsArray().Where(e => e?["type"]?.GetValue<string>()?.StartsWith("Input.", StringComparison.Ordinal) == true)
            .Select(e => e!["id"]!.GetValue<string>()).ToList();

    public static JsonObject Input(JsonObject card, string id) =>
        card["body"]!.AsArray().Single(e => e?["id"]?.GetValue<string>() == id)!.AsObject();

    public static List<string> ChoiceValues(JsonObject input) =>
        input["choices"]!.AsArray().Select(c => c!["value"]!.GetValue<string>()).ToList();

    /// <summary>Saves an admin's choice for a form through the settings card, as an admin would.</summary>
    public static async Task<ConnectorCall> ChooseFieldsAsync(CrmBotFixture bot, TeamsConversation chat, string form, string fields, string? add = null)
    {
        var settings = await bot.Teams.SayAsync(chat, bot.Admin, $"settings forms {form}");
        var inputs = new List<(string, string)> { (FormSettingsIds.Order, fields) };
        if (add is not null) inputs.Add((FormSettingsIds.Add, add));
        return await SubmitAsync(bot, chat, bot.Admin, Action(settings.Card!, "Save"), [.. inputs]);
    }
}

internal static class FormSettingsIds
{
    public const string Order = HubSpotTeamsBot.Features.Settings.FormSettingsCard.OrderInput;
    public const string Add = HubSpotTeamsBot.Features.Settings.FormSettingsCard.AddInput;
}
