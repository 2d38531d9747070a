using System.Text.Json.Nodes;
using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.BotFramework.Schema;
using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.Features.Common;
using HubSpotTeamsBot.Forms;
using HubSpotTeamsBot.Records;

namespace HubSpotTeamsBot.Features.Deals;

/// <summary><c>new deal</c>, <c>update deal …</c>, the deal forms on both hosts, Move stage and the contact typeahead.</summary>
public sealed class DealsFeature(DealCreateForm create, DealUpdateForm update, DealMoveStageForm move, ContactSearch contacts, RecordResolver resolver, ChannelAudience audience) : IBotFeature
{
    public void MapRoutes(BotRoutes routes) => routes
        .OnCommand("new deal", RouteAccess.Editor(DealVerbs.Create), NewDealAsync, "create deal", "add deal")
        .OnCommand("update deal", RouteAccess.Editor(DealVerbs.Update), UpdateDealAsync, "edit deal")
        .OnForm(create.Definition)
        .OnForm(update.Definition)
        .OnForm(move.Definition)
        .OnInvoke(InvokeNames.ApplicationSearch, DealFormCard.ContactsDataset, RouteAccess.Viewer("contact.search"), contacts.AnswerAsync);

    private async Task NewDealAsync(TurnContext turn)
    {
        // The blank form lists the portal's owners and pipelines, read from HubSpot.
        if (await audience.RefusedAsync(turn)) return;
        await InlineFormMessages.SendAsync(turn, await create.OpenAsync(InlineFormMessages.Context(turn, DealVerbs.Create)));
    }

    private async Task UpdateDealAsync(TurnContext turn)
    {
        var text = turn.CommandArguments.Trim();
        if (text.Length == 0)
        {
            await turn.SendTextAsync("Which deal? Send **update deal** followed by the deal's name or id, e.g. `update deal Acme renewal`.");
            return;
        }
        if (await audience.RefusedAsync(turn)) return;
        var matches = await resolver.ResolveAsync(turn.TenantId ?? string.Empty, text, contacts: false, deals: true, turn.CancellationToken);
        switch (matches.Count)
        {
            case 0:
                await turn.SendTextAsync($"No deal in HubSpot matches “{CardText.Literal(text)}”. Check the name, or use the deal's id.");
                break;
            case 1:
                await InlineFormMessages.SendAsync(turn, await update.OpenAsync(InlineFormMessages.Context(turn, DealVerbs.Update, new JsonObject { [FormKeys.RecordId] = matches[0].Id })));
                break;
            default:
                await turn.SendCardAsync(PickList.Build($"{matches.Count} deals match “{CardText.Literal(text)}”. Which one do you want to update?",
                    matches.Select(m => FormRoutes.Button(FormHost.Inline, m.Title, DealVerbs.Update, new JsonObject { [FormKeys.RecordId] = m.Id, [FormKeys.Step] = DealSteps.Open }))));
                break;
        }
    }
}
