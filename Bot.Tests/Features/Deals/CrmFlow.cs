using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bot.Tests.Harness;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Features.Deals;

/// <summary>One person in one fresh conversation driving the bot over HTTP: commands, inline clicks, dialog steps.</summary>
internal sealed class CrmFlow(CrmBotFixture bot, TeamsUser user)
{
    public const long PortalId = 20260301;
    public const string TenantId = ChannelSimulator.BotTenantId;

    public TeamsConversation Conversation { get; } = TeamsConversation.Personal(user);

    public HubSpotCrmClient Crm => bot.Host.Services.GetRequiredService<HubSpotCrmClient>();

    public static async Task<CrmFlow> StartAsync(CrmBotFixture bot, TeamsUser user)
    {
        await bot.LinkPortalAsync();
        return new CrmFlow(bot, user);
    }

    public Task<ConnectorCall> SayAsync(string text) => bot.Teams.SayAsync(Conversation, user, text);

    /// <summary>Clicks an inline Action.Execute button: adaptiveCard/action with the button's data and inputs.</summary>
    public async Task<JsonNode?> ExecuteAsync(JsonObject data)
    {
        var (status, body) = await bot.Teams.InvokeAsync(Activities.AdaptiveCardAction(bot.Teams.ServiceUrl, Conversation, user, FormCards.Verb(data), data));
        Assert.Equal(HttpStatusCode.OK, status);
        return body;
    }

    public async Task<JsonNode?> FetchAsync(string verb, JsonObject? data = null)
    {
        var (status, body) = await bot.Teams.InvokeAsync(Activities.TaskFetch(bot.Teams.ServiceUrl, Conversation, user, verb, data));
        Assert.Equal(HttpStatusCode.OK, status);
        return body;
    }

    public async Task<JsonNode?> SubmitAsync(JsonObject data)
    {
        var (status, body) = await bot.Teams.InvokeAsync(Activities.TaskSubmit(bot.Teams.ServiceUrl, Conversation, user, FormCards.Verb(data), data));
        Assert.Equal(HttpStatusCode.OK, status);
        return body;
    }

    /// <summary>The record card the bot posted into the conversation after a dialog closed.</summary>
    public Task<ConnectorCall> PostedCardAsync(string headline) =>
        bot.Teams.Connector.WaitForMessageAsync(Conversation.Id, c => c.VisibleText.Contains(headline, StringComparison.Ordinal));

    /// <summary>Every stored record of the type in the demo portal, with all properties.</summary>
    public async Task<IReadOnlyList<JsonElement>> AllAsync(string type) =>
        (await bot.Sandbox.Admin.GetObjectsAsync(PortalId, type)).EnumerateArray().ToList();

    public async Task<IReadOnlyList<JsonElement>> StoredAsync(string type, string property, string value) =>
        (await bot.Sandbox.Admin.GetObjectsAsync(PortalId, type)).EnumerateArray()
            .Where(o => o.GetProperty("properties").TryGetProperty(property, out var p) && p.ValueKind == JsonValueKind.String && p.GetString() == value)
            .ToList();

    public async Task<IReadOnlyList<string>> AssociatedAsync(CrmObjectType type, string id, CrmObjectType to)
    {
        var record = await Crm.GetAsync(TenantId, type, id, associations: [to]);
        return record.Associations?.TryGetValue(to.PathSegment(), out var list) == true ? list.Results.Select(r => r.Id).ToList() : [];
    }

    public async Task<IReadOnlyList<AuditEntry>> AuditAsync(string action)
    {
        var page = await bot.Host.Services.GetRequiredService<AuditLog>().ReadPageAsync(TenantId, 1000);
        return page.Entries.Where(e => e.Action == action && e.ActorAadObjectId == user.AadObjectId).ToList();
    }
}
