using System.Text.Json.Nodes;
using HubSpotTeamsBot.Identity;
using HubSpotTeamsBot.BotFramework.Routing;

namespace HubSpotTeamsBot.Forms;

/// <summary>
/// One write a form performs, described for <see cref="FormWriter"/>: who may do it, how to re-show the form with
/// problems, the work itself, and how to answer a repeat of a submission that already completed.
/// </summary>
public sealed record FormWrite(
    string Action,
    string ObjectType,
    Func<FormProblems, JsonObject> Reshow,
    Func<Task<FormWriteResult>> Execute,
    Func<string, Task<FormOutcome>> Repeat)
{
    /// <summary>Editor by default; every write is checked on the server, whatever the card showed.</summary>
    public AppRole Role { get; init; } = AppRole.Editor;

    /// <summary>
    /// After HubSpot failed to confirm an earlier attempt of this submission (started at the given time): the id of
    /// the record that attempt created, or null when there is none and the work may run again. Without it the work
    /// simply runs again (right for updates, which repeat harmlessly).
    /// </summary>
    public Func<DateTimeOffset, Task<string?>>? FindUnconfirmed { get; init; }
}

/// <summary>
/// What the work did. <see cref="RecordId"/> set = a record was written (the submission is recorded as done with
/// that id and audited); null = nothing was written (the claim is released so the user can submit again).
/// </summary>
public sealed record FormWriteResult(FormOutcome Outcome, string? RecordId = null, string? CorrelationId = null, string? Detail = null)
{
    public static FormWriteResult NothingWritten(FormOutcome outcome) => new(outcome);
}
