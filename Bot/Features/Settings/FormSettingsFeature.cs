using HubSpotTeamsBot.BotFramework.Invokes;
using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.BotFramework.Schema;
using HubSpotTeamsBot.Features.Common;
using HubSpotTeamsBot.Records.Schema;

namespace HubSpotTeamsBot.Features.Settings;

/// <summary>
/// <c>settings forms</c> (admins): which of the portal's properties the contact and deal forms show, and in which
/// order, custom properties included. Saved per tenant (its linked portal), audited; the next form follows.
/// Every route is declared <see cref="RouteAccess.Admin"/>, so the router refuses (and audits) anyone else before a
/// handler here runs or HubSpot is called; the handlers do not check the role again.
/// </summary>
public sealed class FormSettingsFeature(RecordSchema schema, IFormLayoutStore layouts, AuditTrail audit) : IBotFeature
{
    private const string Action = "settings.forms";

    public void MapRoutes(BotRoutes routes) => routes
        .OnCommand("settings forms", RouteAccess.Admin(Action), CommandAsync, "form settings", "settings form")
        .OnCardSubmit(FormSettingsCard.ShowVerb, RouteAccess.Admin(Action), ShowAsync)
        .OnCardSubmit(FormSettingsCard.SaveVerb, RouteAccess.Admin(Action), SaveAsync)
        .OnCardSubmit(FormSettingsCard.ResetVerb, RouteAccess.Admin(Action), ResetAsync);

    private async Task CommandAsync(TurnContext turn)
    {
        var argument = turn.CommandArguments.Trim();
        var kind = argument.Length == 0 ? FormKind.ContactCreate : FormKind.Find(argument.Replace(' ', '-'));
        if (kind is null)
        {
            await turn.SendTextAsync($"Which form? Send **settings forms** followed by one of: {string.Join(", ", FormKind.All.Select(k => k.Id))}.");
            return;
        }

        await turn.SendCardAsync(await CardAsync(turn, kind));
    }

    private async Task ShowAsync(TurnContext turn)
    {
        if (await KindAsync(turn) is { } kind) await turn.SendCardAsync(await CardAsync(turn, kind));
    }

    private async Task SaveAsync(TurnContext turn)
    {
        if (await KindAsync(turn) is not { } kind) return;
        var tenant = turn.TenantId!;
        var available = await schema.AvailableAsync(tenant, kind, turn.CancellationToken);
        var known = available.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var typed = turn.CardSubmit().Text(FormSettingsCard.OrderInput) ?? string.Empty;
        var order = Names(typed);
        var added = Names(turn.CardSubmit().Text(FormSettingsCard.AddInput) ?? string.Empty);
        var unknown = order.Concat(added).Where(n => !known.Contains(n)).Distinct(StringComparer.Ordinal).ToList();
        var chosen = order.Concat(added).Distinct(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0 || (chosen.Count == 0 && kind.ObjectType == HubSpot.CrmObjectType.Contacts))
        {
            var problem = unknown.Count > 0
                ? $"The portal has no property a form can write named {string.Join(", ", unknown)}. Nothing was saved."
                : "A contact form needs at least one field. Nothing was saved.";
            var current = await layouts.GetAsync(tenant, kind, turn.CancellationToken);
            await turn.SendCardAsync(FormSettingsCard.Build(kind, current ?? kind.Defaults, available, current is null, problem, typedOrder: typed));
            return;
        }

        if (kind.ObjectType == HubSpot.CrmObjectType.Contacts && !chosen.Contains("email"))
        {
            // Contacts are found, deduplicated and created by email; the form cannot do without it.
            chosen.Insert(0, "email");
        }

        await layouts.SaveAsync(tenant, kind, chosen, turn.Who().Name ?? turn.Who().AadObjectId ?? "an admin", turn.CancellationToken);
        await audit.WriteAsync(turn, Action, AuditOutcomes.Succeeded, "form", kind.Id, detail: string.Join(", ", chosen));
        await turn.SendCardAsync(FormSettingsCard.Build(kind, chosen, available, isDefault: false, notice: $"Saved. The next {kind.Title.ToLowerInvariant()} form shows these fields."));
    }

    private async Task ResetAsync(TurnContext turn)
    {
        if (await KindAsync(turn) is not { } kind) return;
        var removed = await layouts.ResetAsync(turn.TenantId!, kind, turn.CancellationToken);
        if (removed) await audit.WriteAsync(turn, Action, AuditOutcomes.Succeeded, "form", kind.Id, detail: "reset to defaults");
        var available = await schema.AvailableAsync(turn.TenantId!, kind, turn.CancellationToken);
        await turn.SendCardAsync(FormSettingsCard.Build(kind, kind.Defaults, available, isDefault: true,
            notice: removed ? "Back to the default fields." : "This form already showed its default fields."));
    }

    private static async Task<FormKind?> KindAsync(TurnContext turn)
    {
        var kind = FormKind.Find(turn.CardSubmit().Text(FormSettingsCard.KindKey));
        if (kind is null) await turn.SendTextAsync("That card did not say which form. Send **settings forms** again.");
        return kind;
    }

    private async Task<System.Text.Json.Nodes.JsonObject> CardAsync(TurnContext turn, FormKind kind)
    {
        var current = await layouts.GetAsync(turn.TenantId!, kind, turn.CancellationToken);
        var available = await schema.AvailableAsync(turn.TenantId!, kind, turn.CancellationToken);
        return FormSettingsCard.Build(kind, current ?? kind.Defaults, available, current is null);
    }

    private static List<string> Names(string text) =>
        text.Split([',', ';', '\n', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => n.ToLowerInvariant()).ToList();
}
