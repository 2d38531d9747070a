using HubSpotTeamsBot.BotFramework.Schema;

namespace HubSpotTeamsBot.BotFramework.Queue;

/// <summary>Holds message activities between their 202 and their turn. True means stored: only then may the bot answer 202.</summary>
public interface IActivityQueue
{
    Task<bool> TryEnqueueAsync(Activity activity, CancellationToken ct);
}
