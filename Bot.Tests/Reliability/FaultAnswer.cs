using System.Text.Json.Nodes;
using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.Features.Common;
using HubSpotTeamsBot.Forms;
using HubSpotTeamsBot.Features.MessageExtension;

namespace Bot.Tests.Reliability;

public enum FaultAnswerKind
{
    /// <summary>A result card or a sentence saying the record was saved.</summary>
    Success,

    /// <summary>"HubSpot is busy, nothing was changed" (or "still saving / still searching"): try again.</summary>
    Retry,

    /// <summary>"HubSpot didn't confirm the save": it may exist; the next click checks first.</summary>
    Unconfirmed,

    /// <summary>A clear refusal the user can act on (e.g. the record changed in HubSpot meanwhile).</summary>
    Refused,

    /// <summary>Silence, a generic error or anything a person could not act on.</summary>
    Unclear,
}

/// <summary>What the user saw after one click or command, reduced to what it means for them.</summary>
public sealed record FaultAnswer(FaultAnswerKind Kind, string Text, JsonObject? Card, bool Late)
{
    public static readonly string[] SuccessMarks =
        ["Contact created", "Contact updated", "Created contact", "Updated contact", "Deal created", "Deal updated", "” created.", "” updated.", "logged on", "Nothing changed"];

    public static readonly string[] RetryMarks =
    [
        FailureMessages.HubSpotBusy, FormWriter.StillSaving, ComposeSearchFeature.StillSearching, InvokeFallbacks.StillSearchingText,
        "I can't reach my storage right now",
    ];

    public static readonly string[] RefusalMarks = ["changed in HubSpot", "changed this deal in HubSpot", "already exists in HubSpot"];

    /// <summary>Reads a card or a sentence; the retry and unconfirmed messages win over headings (a re-shown form keeps its title).</summary>
    public static FaultAnswer Classify(string text, JsonObject? card, bool late)
    {
        var kind = text.Contains(FailureMessages.HubSpotUnconfirmed, StringComparison.Ordinal) ? FaultAnswerKind.Unconfirmed
            : RetryMarks.Any(m => text.Contains(m, StringComparison.Ordinal)) ? FaultAnswerKind.Retry
            : RefusalMarks.Any(m => text.Contains(m, StringComparison.Ordinal)) ? FaultAnswerKind.Refused
            : SuccessMarks.Any(m => text.Contains(m, StringComparison.Ordinal)) ? FaultAnswerKind.Success
            : FaultAnswerKind.Unclear;
        return new FaultAnswer(kind, text, card, late);
    }

    public bool AsksToRetry => Kind is FaultAnswerKind.Retry or FaultAnswerKind.Unconfirmed;

    public override string ToString() => $"{Kind}{(Late ? " (late)" : "")}: {Shorten(Text)}";

    private static string Shorten(string text) => text.Length <= 160 ? text.ReplaceLineEndings(" | ") : text[..160].ReplaceLineEndings(" | ") + "…";
}
