using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.Records;

namespace HubSpotTeamsBot.Features.Engagements;

public static class EngagementVerbs
{
    /// <summary>Data: recordType, recordId, recordLabel, and kind once chosen.</summary>
    public const string Log = RecordCards.Verbs.LogActivity;
}
