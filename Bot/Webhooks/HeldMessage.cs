using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace HubSpotTeamsBot.Webhooks;

/// <summary>
/// A webhook batch taken from the queue: its current pop receipt (it changes with every renewal) and the event claims
/// being handled from it, behind one gate so a renewal and the delete never use a stale receipt.
/// </summary>
internal sealed class HeldMessage(QueueClient queue, QueueMessage message) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<(string, long, long), EventClaim> _claims = [];
    private string _popReceipt = message.PopReceipt;

    public QueueMessage Message => message;

    public void Track(IEnumerable<EventClaim> claims)
    {
        lock (_claims)
        {
            foreach (var claim in claims) _claims[Key(claim)] = claim;
        }
    }

    /// <summary>Stops renewing these claims and returns their latest form (with the ETag of the last renewal).</summary>
    public IReadOnlyList<EventClaim> Untrack(IEnumerable<EventClaim> claims)
    {
        _gate.Wait();
        try
        {
            lock (_claims)
            {
                return claims.Select(c => _claims.Remove(Key(c), out var latest) ? latest : c).ToList();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task RenewAsync(TimeSpan visibility, Func<EventClaim, Task<EventClaim>> extend)
    {
        await _gate.WaitAsync();
        try
        {
            var receipt = await queue.UpdateMessageAsync(message.MessageId, _popReceipt, visibilityTimeout: visibility);
            _popReceipt = receipt.Value.PopReceipt;
            List<EventClaim> current;
            lock (_claims) current = [.. _claims.Values];
            foreach (var claim in current)
            {
                var renewed = await extend(claim);
                lock (_claims)
                {
                    if (_claims.ContainsKey(Key(claim))) _claims[Key(claim)] = renewed;
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task DeleteAsync()
    {
        await _gate.WaitAsync();
        try
        {
            await queue.DeleteMessageAsync(message.MessageId, _popReceipt);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Gone already, or taken again elsewhere after our hold lapsed (its events are marked done).
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Hides the message for <paramref name="wait"/> (at least a second, at most <paramref name="max"/>).</summary>
    public async Task ComeBackAfterAsync(TimeSpan wait, TimeSpan max)
    {
        var visibility = wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait > max ? max : wait;
        await _gate.WaitAsync();
        try
        {
            var receipt = await queue.UpdateMessageAsync(message.MessageId, _popReceipt, visibilityTimeout: visibility);
            _popReceipt = receipt.Value.PopReceipt;
        }
        catch (RequestFailedException)
        {
            // It comes back after the visibility timeout instead.
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private static (string, long, long) Key(EventClaim claim) => (claim.TenantId, claim.Event.PortalId, claim.Event.EventId);
}
