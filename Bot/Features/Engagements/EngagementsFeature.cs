using HubSpotTeamsBot.Cards;
using System.Text.Json.Nodes;
using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.Features.Common;
using HubSpotTeamsBot.Forms;
using HubSpotTeamsBot.Records;

namespace HubSpotTeamsBot.Features.Engagements;

/// <summary><c>log note|call|meeting|task &lt;record&gt;</c> and the Log activity form on both hosts.</summary>
public sealed class EngagementsFeature(EngagementForm form, RecordResolver resolver, ChannelAudience audience) : IBotFeature
{
    public void MapRoutes(BotRoutes routes)
    {
        routes.OnForm(form.Definition);
        foreach (var kind in Enum.GetValues<EngagementKind>())
            routes.OnCommand($"log {kind.Word()}", RouteAccess.Editor(EngagementVerbs.Log), turn => LogAsync(turn, kind));
        routes.OnCommand("log", RouteAccess.Editor(EngagementVerbs.Log), turn => turn.SendTextAsync(
            "What do you want to log? Send **log note**, **log call**, **log meeting** or **log task** followed by a contact (email, name or id) or a deal (name or id), e.g. `log note ada@example.com`."));
    }

    private async Task LogAsync(TurnContext turn, EngagementKind kind)
    {
        var text = turn.CommandArguments.Trim();
        if (text.Length == 0)
        {
            await turn.SendTextAsync($"On which record? Send e.g. `log {kind.Word()} ada@example.com` or `log {kind.Word()} Acme renewal` (a contact's email, name or id, or a deal's name or id).");
            return;
        }
        if (await audience.RefusedAsync(turn)) return;
        var matches = await resolver.ResolveAsync(turn.TenantId ?? string.Empty, text, contacts: true, deals: true, turn.CancellationToken);
        switch (matches.Count)
        {
            case 0:
                await turn.SendTextAsync($"No contact or deal in HubSpot matches “{CardText.Literal(text)}”. Try the contact's email, or the deal's exact name.");
                break;
            case 1:
                await InlineFormMessages.SendAsync(turn, await form.OpenAsync(InlineFormMessages.Context(turn, EngagementVerbs.Log,
                    EngagementFormState.Target(matches[0].Ref, matches[0].Title, kind))));
                break;
            default:
                await turn.SendCardAsync(PickList.Build($"{matches.Count} records match “{CardText.Literal(text)}”. Which one do you want to log the {kind.Word()} on?",
                    matches.Select(m =>
                    {
                        var data = EngagementFormState.Target(m.Ref, m.Title, kind);
                        data[FormKeys.Step] = EngagementFormCard.ChooseStep;
                        return FormRoutes.Button(FormHost.Inline, m.Subtitle is null ? m.Title : $"{m.Title} ({m.Subtitle})", EngagementVerbs.Log, data);
                    })));
                break;
        }
    }
}
