using HubSpotSandbox.Errors;
using HubSpotSandbox.Options;

namespace HubSpotSandbox.Behaviour;

/// <summary>The behaviour switches as they are now; starts from configuration, changed through /_sandbox/behaviour.</summary>
public sealed class BehaviourState
{
    private readonly Lock gate = new();
    private BehaviourSnapshot current;

    public BehaviourState(Microsoft.Extensions.Options.IOptions<SandboxOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var b = options.Value.Behaviour;
        current = new BehaviourSnapshot(b.LatencyMs, b.ErrorRate, b.ErrorStatusCode, b.Force429Count, RateLimitPolicies.TenSecondlyRolling, b.EnforceRateLimits, 0);
    }

    public BehaviourSnapshot Current
    {
        get
        {
            lock (gate)
            {
                return current;
            }
        }
    }

    public BehaviourSnapshot Update(Func<BehaviourSnapshot, BehaviourSnapshot> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (gate)
        {
            current = change(current);
            return current;
        }
    }

    /// <summary>Consumes one forced OAuth failure if any are left.</summary>
    public bool TakeTokenFailure()
    {
        lock (gate)
        {
            if (current.FailTokenRequests <= 0)
            {
                return false;
            }

            current = current with { FailTokenRequests = current.FailTokenRequests - 1 };
            return true;
        }
    }

    /// <summary>Consumes one forced 429 if any are left; returns its policy name.</summary>
    public string? TakeForced429()
    {
        lock (gate)
        {
            if (current.Force429Count <= 0)
            {
                return null;
            }

            current = current with { Force429Count = current.Force429Count - 1 };
            return current.Force429Policy;
        }
    }
}

/// <param name="FailTokenRequests">The next N calls to the OAuth token endpoints answer ErrorStatusCode (token-provider resilience tests).</param>
public sealed record BehaviourSnapshot(int LatencyMs, double ErrorRate, int ErrorStatusCode, int Force429Count, string Force429Policy, bool EnforceRateLimits,
    int FailTokenRequests);
