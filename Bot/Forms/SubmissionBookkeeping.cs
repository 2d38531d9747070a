using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.Forms;

/// <summary>
/// Completes or releases a form's claim, and when storage is down at that moment keeps trying in the background
/// until it answers (within the claim timeout). Without this a claim taken just before an outage stays "in progress"
/// until it expires: the user is told to try again, and every retry answers "still saving your first click".
/// </summary>
public sealed class SubmissionBookkeeping(IdempotencyStore submissions, IOptions<StorageOptions> options, ILogger<SubmissionBookkeeping> logger)
{
    private static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(1);

    public Task ReleaseAsync(IdempotencyClaim claim) =>
        RunOrRetryLaterAsync(() => submissions.ReleaseAsync(claim, CancellationToken.None), "release", claim.Key);

    public Task CompleteAsync(IdempotencyClaim claim, string resultJson) =>
        RunOrRetryLaterAsync(() => submissions.CompleteAsync(claim, resultJson, CancellationToken.None), "complete", claim.Key);

    private async Task RunOrRetryLaterAsync(Func<Task> work, string what, string key)
    {
        try
        {
            await work();
        }
        catch (StorageUnavailableException)
        {
            logger.LogWarning("Storage is down: will {What} submission {Key} when it answers again", what, key);
            _ = RetryAsync(work, what, key);
        }
    }

    private async Task RetryAsync(Func<Task> work, string what, string key)
    {
        var deadline = DateTimeOffset.UtcNow + options.Value.IdempotencyClaimTimeout;
        while (DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(RetryPause);
            try
            {
                await work();
                logger.LogInformation("Storage answered again: did {What} submission {Key}", what, key);
                return;
            }
            catch (StorageUnavailableException)
            {
            }
            catch (StorageConflictException)
            {
                // Someone else took the claim over meanwhile: theirs stands.
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Could not {What} submission {Key}", what, key);
                return;
            }
        }

        logger.LogWarning("Gave up trying to {What} submission {Key}; the claim expires by itself", what, key);
    }
}
