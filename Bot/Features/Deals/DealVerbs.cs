using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.Records;

namespace HubSpotTeamsBot.Features.Deals;

public static class DealVerbs
{
    public const string Create = RecordCards.Verbs.DealCreate;
    public const string Update = RecordCards.Verbs.DealUpdate;

    /// <summary>The deal card's quick action: only the pipeline › stage.</summary>
    public const string MoveStage = RecordCards.Verbs.DealMoveStage;
}

public static class DealSteps
{
    /// <summary>Opens the form for a deal picked from a list (no write).</summary>
    public const string Open = "open";
    public const string Overwrite = "overwrite";
    public const string Reload = "reload";
}
