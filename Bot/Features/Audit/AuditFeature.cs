using System.Globalization;
using System.Text.Json.Nodes;
using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.Features.Common;
using HubSpotTeamsBot.Identity;
using HubSpotTeamsBot.Storage;

namespace HubSpotTeamsBot.Features.Audit;

/// <summary><c>audit [n]</c> (admins): the newest changes made through the bot, who made them and how they ended.</summary>
public sealed class AuditFeature(AuditLog log, AccessGuard guard) : IBotFeature
{
    private const int DefaultCount = 10;
    private const int MaxCount = 50;

    public void MapRoutes(BotRoutes routes) => routes.OnCommand("audit", RouteAccess.Admin("audit.read"), ShowAsync, "audit log", "history");

    private async Task ShowAsync(TurnContext turn)
    {
        var access = await guard.CheckAsync(turn, AppRole.Admin, "audit.read");
        if (!access.Allowed)
        {
            await turn.SendTextAsync(access.RefusalMessage);
            return;
        }
        var count = int.TryParse(turn.CommandArguments, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? Math.Clamp(n, 1, MaxCount) : DefaultCount;
        var page = await log.ReadPageAsync(turn.TenantId!, count, ct: turn.CancellationToken);
        if (page.Entries.Count == 0)
        {
            await turn.SendTextAsync("The audit log is empty: nothing has been changed through the bot yet.");
            return;
        }
        await turn.SendCardAsync(Card.Adaptive([
            Card.Heading($"Last {page.Entries.Count} audited actions"),
            .. page.Entries.Select(Line),
        ]));
    }

    /// <summary>One entry as a line of the audit card (internal for the card-text security tests).</summary>
    internal static JsonNode Line(AuditEntry e)
    {
        var record = e.ObjectType is null ? string.Empty : $" · {CardText.Literal(e.ObjectType)} {CardText.Literal(e.ObjectId)}";
        var detail = string.IsNullOrEmpty(e.Detail) ? string.Empty : $" — {CardText.Literal(e.Detail)}";
        return Card.Text($"**{e.At.ToString("d MMM HH:mm", CultureInfo.InvariantCulture)}** {CardText.Literal(e.ActorName ?? e.ActorAadObjectId)}: {CardText.Literal(e.Action)}{record} · {e.Outcome}{detail}");
    }
}
