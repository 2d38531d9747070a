using HubSpotTeamsBot.HubSpot;

namespace HubSpotTeamsBot.Features.Engagements;

public enum EngagementKind
{
    Note,
    Call,
    Meeting,
    Task,
}

public static class EngagementKinds
{
    public static CrmObjectType ObjectType(this EngagementKind kind) => kind switch
    {
        EngagementKind.Note => CrmObjectType.Notes,
        EngagementKind.Call => CrmObjectType.Calls,
        EngagementKind.Meeting => CrmObjectType.Meetings,
        EngagementKind.Task => CrmObjectType.Tasks,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown engagement kind."),
    };

    /// <summary>The lower-case word users type (<c>log call …</c>) and card data carries.</summary>
    public static string Word(this EngagementKind kind) => kind.ToString().ToLowerInvariant();

    public static bool TryParse(string? word, out EngagementKind kind) =>
        Enum.TryParse(word?.Trim(), ignoreCase: true, out kind) && Enum.IsDefined(kind);
}
