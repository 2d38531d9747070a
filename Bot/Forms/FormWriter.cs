using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using HubSpotTeamsBot.BotFramework.Queue;
using HubSpotTeamsBot.Features.Common;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.Forms;

/// <summary>
/// Runs a form's write the same way for every form: role check first, at most once per submission id, HubSpot
/// failures turned into a re-shown form (values kept) or an admin message, an audit entry after. A write HubSpot may
/// have done without confirming it (5xx or timeout on a create) is never blindly repeated: the next click of the same
/// form first asks <see cref="FormWrite.FindUnconfirmed"/> whether the record is there.
/// </summary>
public sealed class FormWriter(
    IdempotencyStore submissions,
    SubmissionBookkeeping bookkeeping,
    AccessGuard guard,
    AuditTrail audit,
    TimeProvider time,
    IOptions<ActivityQueueOptions> queue,
    ILogger<FormWriter> logger)
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

        var claim = await submissions.ClaimAsync(form.TenantId, $"form:{submissionId}", Lease, form.CancellationToken);
        DateTimeOffset? unconfirmedSince = null;
        if (claim.LapsedSince is { } lapsed)
        {
            // An earlier attempt of this submission stopped mid-save (its instance died): what it wrote is unconfirmed.
            unconfirmedSince = lapsed;
        }
        else if (claim.Status == IdempotencyClaimStatus.Completed && UnconfirmedSince(claim.ResultJson) is { } firstUnconfirmed)
        {
            // An earlier click's save was never confirmed by HubSpot: take the submission back, look for what that
            // click may have created, and only write again when nothing is there.
            unconfirmedSince = firstUnconfirmed;
            claim = await submissions.RetakeAsync(claim, form.CancellationToken);
        }

        switch (claim.Status)
        {
            case IdempotencyClaimStatus.Completed:
                logger.LogInformation("Submission {SubmissionId} for {Action} was already completed; answering with its result", submissionId, write.Action);
                return await write.Repeat(RecordIdOf(claim.ResultJson));
            case IdempotencyClaimStatus.InProgress:
                return FormOutcome.Say(StillSaving);
        }

        var started = time.GetUtcNow();
        await using var heartbeat = IdempotencyHeartbeat.Start(submissions, claim, Lease);
        FormWriteResult result;
        try
        {
            if (unconfirmedSince is { } earlier && write.FindUnconfirmed is { } find && await find(earlier) is { } foundId)
            {
                logger.LogInformation("Submission {SubmissionId} for {Action}: the unconfirmed save did land in HubSpot", submissionId, write.Action);
                result = new FormWriteResult(await write.Repeat(foundId), foundId, Detail: "found after HubSpot did not confirm the save");
            }
            else
            {
                result = await write.Execute();
            }
        }
        catch (Exception error) when (!(error is OperationCanceledException && form.CancellationToken.IsCancellationRequested)
                                     && Describe(error, write) is { } outcome)
        {
            claim = await heartbeat.StopAsync();
            var correlation = (error as HubSpotException)?.CorrelationId;
            if (error is HubSpotUnavailableException { MayHaveApplied: true } || unconfirmedSince is not null)
            {
                // HubSpot may hold the record although it did not say so: a release would let the next click write a
                // second one. Keep the submission marked as unconfirmed (since the first such attempt) instead.
                var since = unconfirmedSince ?? started;
                await bookkeeping.CompleteAsync(claim, UnconfirmedResult(since));
                await audit.WriteAsync(turn, write.Action, AuditOutcomes.Failed, write.ObjectType, correlationId: correlation, detail: error.GetType().Name + " (unconfirmed)");
                logger.LogWarning("{Action} was not confirmed by HubSpot: {Error} (correlation {CorrelationId})", write.Action, error.GetType().Name, correlation);
                return error is HubSpotRateLimitedException or HubSpotUnavailableException or TimeoutException or TaskCanceledException
                    ? FormOutcome.Show(write.Reshow(FormProblems.Message(FailureMessages.HubSpotUnconfirmed)))
                    : outcome;
            }

            await bookkeeping.ReleaseAsync(claim);
            await audit.WriteAsync(turn, write.Action, AuditOutcomes.Failed, write.ObjectType, correlationId: correlation, detail: error.GetType().Name);
            logger.LogWarning("{Action} failed with {Error} (correlation {CorrelationId})", write.Action, error.GetType().Name, correlation);
            return outcome;
        }
        catch
        {
            claim = await heartbeat.StopAsync();
            if (unconfirmedSince is { } stillUnconfirmed)
                await bookkeeping.CompleteAsync(claim, UnconfirmedResult(stillUnconfirmed));
            else
                await bookkeeping.ReleaseAsync(claim);
            throw;
        }

        claim = await heartbeat.StopAsync();
        if (result.RecordId is null)
        {
            await bookkeeping.ReleaseAsync(claim);
            return result.Outcome;
        }

        await bookkeeping.CompleteAsync(claim, new JsonObject { ["recordId"] = result.RecordId }.ToJsonString());
        try
        {
            await audit.WriteAsync(turn, write.Action, AuditOutcomes.Succeeded, write.ObjectType, result.RecordId, result.CorrelationId, result.Detail);
        }
        catch (StorageUnavailableException)
        {
            // The record is in HubSpot: answering "nothing was changed" would be false and invite a second create.
            logger.LogError("{Action} wrote record {RecordId} but storage failed while auditing it (submission {SubmissionId}, audit entry missing)",
                write.Action, result.RecordId, submissionId);
        }

        return result.Outcome;
    }

    /// <summary>
    /// How long a submission's claim outlives a dead instance (extended while the save runs). Below the durable
    /// queue's redelivery delay, so a redelivered click finds the claim lapsed and finishes the save itself, after
    /// looking for what the dead attempt may have written, instead of answering "still saving" for a save that stopped.
    /// </summary>
    private TimeSpan Lease => TimeSpan.FromTicks(Math.Min(MaxLease.Ticks, queue.Value.VisibilityTimeout.Ticks / 2));

    private static readonly TimeSpan MaxLease = TimeSpan.FromSeconds(10);

    private static string UnconfirmedResult(DateTimeOffset since) =>
        new JsonObject { [UnconfirmedKey] = since.ToString("O", CultureInfo.InvariantCulture) }.ToJsonString();

    private const string UnconfirmedKey = "unconfirmedSince";

    private static DateTimeOffset? UnconfirmedSince(string? resultJson)
    {
        if (resultJson is null) return null;
        using var document = JsonDocument.Parse(resultJson);
        return document.RootElement.TryGetProperty(UnconfirmedKey, out var since) && since.TryGetDateTimeOffset(out var value) ? value : null;
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
