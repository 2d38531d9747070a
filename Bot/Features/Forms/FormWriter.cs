using System.Text.Json;
using System.Text.Json.Nodes;
using HubSpotTeamsBot.Features.Common;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Storage;

namespace HubSpotTeamsBot.Features.Forms;

/// <summary>
/// Runs a form's write the same way for every form: role check first, at most once per submission id, HubSpot
/// failures turned into a re-shown form (values kept) or an admin message, an audit entry after.
/// </summary>
public sealed class FormWriter(IdempotencyStore submissions, AccessGuard guard, AuditTrail audit, ILogger<FormWriter> logger)
{
    public const string StillSaving = "Still saving your first click… the result will appear here in a moment.";
    public const string MissingSubmissionId = "This form is out of date. Please open it again and resubmit.";

    public async Task<FormOutcome> RunAsync(FormContext form, FormWrite write)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(write);
        var turn = form.Turn;
        var access = await guard.CheckAsync(turn, write.Role, write.Action);
        if (!access.Allowed) return FormOutcome.Say(access.RefusalMessage);

        if (form.Submission.SubmissionId is not { } submissionId) return FormOutcome.Say(MissingSubmissionId);

        var claim = await submissions.ClaimAsync(form.TenantId, $"form:{submissionId}", form.CancellationToken);
        switch (claim.Status)
        {
            case IdempotencyClaimStatus.Completed:
                logger.LogInformation("Submission {SubmissionId} for {Action} was already completed; answering with its result", submissionId, write.Action);
                return await write.Repeat(RecordIdOf(claim.ResultJson));
            case IdempotencyClaimStatus.InProgress:
                return FormOutcome.Say(StillSaving);
        }

        FormWriteResult result;
        try
        {
            result = await write.Execute();
        }
        catch (Exception error) when (!(error is OperationCanceledException && form.CancellationToken.IsCancellationRequested)
                                     && Describe(error, write) is { } outcome)
        {
            await submissions.ReleaseAsync(claim, CancellationToken.None);
            var correlation = (error as HubSpotException)?.CorrelationId;
            await audit.WriteAsync(turn, write.Action, AuditOutcomes.Failed, write.ObjectType, correlationId: correlation, detail: error.GetType().Name);
            logger.LogWarning("{Action} failed with {Error} (correlation {CorrelationId})", write.Action, error.GetType().Name, correlation);
            return outcome;
        }
        catch
        {
            await submissions.ReleaseAsync(claim, CancellationToken.None);
            throw;
        }

        if (result.RecordId is null)
        {
            await submissions.ReleaseAsync(claim, CancellationToken.None);
            return result.Outcome;
        }

        await submissions.CompleteAsync(claim, new JsonObject { ["recordId"] = result.RecordId }.ToJsonString(), CancellationToken.None);
        await audit.WriteAsync(turn, write.Action, AuditOutcomes.Succeeded, write.ObjectType, result.RecordId, result.CorrelationId, result.Detail);
        return result.Outcome;
    }

    /// <summary>Failures the user can act on from the form; anything else goes to the router's error answer.</summary>
    private static FormOutcome? Describe(Exception error, FormWrite write) => error switch
    {
        HubSpotValidationException invalid => FormOutcome.Show(write.Reshow(invalid.FieldErrors.Count > 0
            ? FormProblems.Fields(invalid.FieldErrors)
            : FormProblems.Message("HubSpot did not accept these values. Please check them and try again."))),
        HubSpotRateLimitedException or HubSpotUnavailableException or TimeoutException or TaskCanceledException =>
            FormOutcome.Show(write.Reshow(FormProblems.Message(FailureMessages.HubSpotBusy))),
        PortalNotLinkedException => FormOutcome.Say(FailureMessages.NotLinked),
        PortalLinkBrokenException or HubSpotAuthException => FormOutcome.Say(FailureMessages.LinkBroken),
        _ => null,
    };

    private static string RecordIdOf(string? resultJson)
    {
        if (resultJson is null) return string.Empty;
        using var document = JsonDocument.Parse(resultJson);
        return document.RootElement.TryGetProperty("recordId", out var id) ? id.GetString() ?? string.Empty : string.Empty;
    }
}
