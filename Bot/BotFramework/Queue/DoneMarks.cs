using System.Collections.Concurrent;
using HubSpotTeamsBot.Storage;

namespace HubSpotTeamsBot.BotFramework.Queue;

/// <summary>
/// Records finished turns in the idempotency store as soon as they finish, so a redelivered copy is only removed.
/// Turns of one tenant that finish while a write is out are recorded together by the next write (one table
/// transaction); if the transaction is refused because one claim was lost, each is recorded on its own so only that
/// one fails.
/// </summary>
internal sealed class DoneMarks(IdempotencyStore idempotency)
{
    /// <summary>What a finished queued turn records: nothing to replay, only that it ran.</summary>
    public const string Result = "{}";

    /// <summary>
    /// Writes out at once per tenant: a finished turn starts its own write while fewer are out, so its done mark is
    /// one round trip after the turn as before (the shorter that window, the less a crash can make a turn run twice);
    /// only when all are busy does it wait and share the next one.
    /// </summary>
    private const int WritesOut = 4;

    private readonly ConcurrentDictionary<string, GroupCommit<IdempotencyClaim>> _tenants = new(StringComparer.Ordinal);

    public Task MarkAsync(IdempotencyClaim claim) =>
        _tenants.GetOrAdd(claim.TenantId, _ => new GroupCommit<IdempotencyClaim>(WriteAsync, IdempotencyStore.MaxBatch, WritesOut)).AddAsync(claim);

    private async Task<IReadOnlyList<Exception?>> WriteAsync(IReadOnlyList<IdempotencyClaim> claims)
    {
        if (claims.Count > 1 && claims.Select(c => c.Key).Distinct(StringComparer.Ordinal).Count() == claims.Count)
        {
            try
            {
                await idempotency.CompleteManyAsync(claims, Result, CancellationToken.None);
                return new Exception?[claims.Count];
            }
            catch (StorageConflictException)
            {
                // One claim changed since it was taken: record them one by one, so only that one fails.
            }
        }
        return await Task.WhenAll(claims.Select(async claim =>
        {
            try
            {
                await idempotency.CompleteAsync(claim, Result, CancellationToken.None);
                return null;
            }
            catch (Exception error)
            {
                return (Exception?)error;
            }
        }));
    }
}
