using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bot.Tests.Harness;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Features.Contacts;

/// <summary>What the contact tests do over and over: render a form, fill it, submit it on a host, look in HubSpot.</summary>
internal static class ContactKit
{
    public static string NewEmail() => $"t{Guid.NewGuid():N}@example.com";

    /// <summary>The data of a card's first action (the form's main button), without the routing verb.</summary>
    public static JsonObject ButtonData(JsonObject card, int index = 0)
    {
        var data = card["actions"]![index]!["data"]!.DeepClone().AsObject();
        data.Remove("verb");
        data.Remove("msteams");
        return data;
    }

    /// <summary>The input's current value on a card, or null.</summary>
    public static string? InputValue(JsonObject card, string id) =>
        card["body"]!.AsArray().FirstOrDefault(e => e?["id"]?.GetValue<string>() == id)?["value"]?.GetValue<string>();

    /// <summary>The server-side error shown under an input, or null.</summary>
    public static string? FieldError(JsonObject card, string id) =>
        card["body"]!.AsArray().FirstOrDefault(e => e?["id"]?.GetValue<string>() == id + "Error")?["text"]?.GetValue<string>();

    public static string AllText(JsonNode card) => string.Join("\n", Texts(card));

    public static JsonObject Fill(JsonObject data, params (string Id, string Value)[] inputs)
    {
        foreach (var (id, value) in inputs) data[id] = value;
        return data;
    }

    public static async Task<JsonObject> NewContactFormAsync(CrmBotFixture bot, TeamsConversation chat, TeamsUser user)
    {
        var reply = await bot.Teams.SayAsync(chat, user, "new contact");
        return reply.Card ?? throw new InvalidOperationException("No form card: " + reply.VisibleText);
    }

    /// <summary>Action.Execute → adaptiveCard/action; returns the card or message that replaces the form.</summary>
    public static async Task<JsonNode> ExecuteAsync(CrmBotFixture bot, TeamsConversation chat, TeamsUser user, string verb, JsonObject data)
    {
        var (status, body) = await bot.Teams.InvokeAsync(Activities.AdaptiveCardAction(bot.Teams.ServiceUrl, chat, user, verb, data));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(200, body!["statusCode"]!.GetValue<int>());
        return body["value"]!;
    }

    /// <summary>task/submit from the dialog; returns the task response (continue with a card, or message).</summary>
    public static async Task<JsonObject> DialogSubmitAsync(CrmBotFixture bot, TeamsConversation chat, TeamsUser user, string verb, JsonObject data)
    {
        var (status, body) = await bot.Teams.InvokeAsync(Activities.TaskSubmit(bot.Teams.ServiceUrl, chat, user, verb, data));
        Assert.Equal(HttpStatusCode.OK, status);
        return body!["task"]!.AsObject();
    }

    public static async Task<JsonObject> DialogFetchAsync(CrmBotFixture bot, TeamsConversation chat, TeamsUser user, string verb, JsonObject? data = null)
    {
        var (status, body) = await bot.Teams.InvokeAsync(Activities.TaskFetch(bot.Teams.ServiceUrl, chat, user, verb, data));
        Assert.Equal(HttpStatusCode.OK, status);
        return body!["task"]!.AsObject();
    }

    public static JsonObject DialogCard(JsonObject task)
    {
        Assert.Equal("continue", task["type"]!.GetValue<string>());
        return task["value"]!["card"]!["content"]!.AsObject();
    }

    /// <summary>The contacts HubSpot holds with this email.</summary>
    public static async Task<List<JsonElement>> ContactsWithEmailAsync(CrmBotFixture bot, string email)
    {
        var all = await bot.Sandbox.Admin.GetObjectsAsync(SandboxHost.DemoPortalId, "contacts");
        return all.EnumerateArray()
            .Where(c => c.GetProperty("properties").TryGetProperty("email", out var e) && e.ValueKind == JsonValueKind.String
                        && string.Equals(e.GetString(), email, StringComparison.OrdinalIgnoreCase))
            .ToList();
    }

    public static string? Property(JsonElement record, string name) =>
        record.GetProperty("properties").TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static async Task<IReadOnlyList<AuditEntry>> AuditAsync(CrmBotFixture bot, TeamsUser user)
    {
        var page = await bot.Host.Services.GetRequiredService<AuditLog>().ReadPageAsync(user.TenantId, AuditLog.MaxPageSize);
        return page.Entries.Where(e => e.ActorAadObjectId == user.AadObjectId).ToList();
    }

    private static IEnumerable<string> Texts(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key is "text" or "title" or "value" && p.Value is JsonValue v && v.TryGetValue<string>(out var s) ? [s] : Texts(p.Value)),
        JsonArray a => a.SelectMany(Texts),
        JsonValue v when v.TryGetValue<string>(out var s) => [s],
        _ => [],
    };
}
