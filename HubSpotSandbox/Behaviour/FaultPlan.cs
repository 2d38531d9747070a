namespace HubSpotSandbox.Behaviour;

/// <summary>
/// Seeded fault injection for reliability runs (/_sandbox/faults): each API call draws one fault, or none, from the
/// rates below with a Random seeded by <see cref="FaultSettings.Seed"/>, so a failing run can be replayed. Unlike
/// the behaviour switch errorRate (always refused before the handler runs), a fault can strike after a write was
/// stored — the ambiguous case real HubSpot has, where a 5xx or a timeout says nothing about whether a create landed.
/// </summary>
public sealed class FaultPlan
{
    private readonly Lock gate = new();
    private FaultSettings settings = FaultSettings.None;
    private Random random = new(0);

    public FaultSettings Current
    {
        get
        {
            lock (gate)
            {
                return settings;
            }
        }
    }

    /// <summary>Replaces the plan and restarts the random sequence from its seed.</summary>
    public FaultSettings Set(FaultSettings next)
    {
        ArgumentNullException.ThrowIfNull(next);
        lock (gate)
        {
            settings = next;
            random = new Random(next.Seed);
            return settings;
        }
    }

    /// <summary>The fault for the next API call; <paramref name="isWrite"/> calls (POST/PATCH/PUT/DELETE outside search) may get after-write faults.</summary>
    public InjectedFault Draw(bool isWrite)
    {
        lock (gate)
        {
            var s = settings;
            if (!s.Active)
            {
                return InjectedFault.None;
            }

            var roll = random.NextDouble();
            foreach (var (rate, fault) in new (double, InjectedFault)[]
            {
                (s.Rate429, InjectedFault.RateLimited),
                (s.Rate5xx, InjectedFault.ServerError),
                (isWrite ? s.Rate5xxAfterWrite : 0, InjectedFault.ServerErrorAfterWrite),
                (s.HangRate, InjectedFault.Hang),
                (isWrite ? s.HangAfterWriteRate : 0, InjectedFault.HangAfterWrite),
                (s.SlowRate, InjectedFault.Slow),
            })
            {
                if (roll < rate)
                {
                    return fault;
                }

                roll -= rate;
            }

            return InjectedFault.None;
        }
    }
}

public enum InjectedFault
{
    None,

    /// <summary>429 TEN_SECONDLY_ROLLING before the handler runs.</summary>
    RateLimited,

    /// <summary>ErrorStatusCode before the handler runs: nothing stored.</summary>
    ServerError,

    /// <summary>The handler runs (the write is stored), then the answer is replaced by ErrorStatusCode.</summary>
    ServerErrorAfterWrite,

    /// <summary>No answer for HangMs, then the handler runs — unless the caller gave up (timed out) first.</summary>
    Hang,

    /// <summary>The handler runs (the write is stored), then the answer is held back for HangMs.</summary>
    HangAfterWrite,

    /// <summary>SlowMs of extra latency, then normal service.</summary>
    Slow,
}

/// <param name="Seed">Seeds the draw; the same seed and call order give the same faults.</param>
/// <param name="Rate429">Share of API calls answered 429 (0-1); the rates together must not exceed 1.</param>
/// <param name="Rate5xx">Share answered <paramref name="ErrorStatusCode"/> before processing.</param>
/// <param name="Rate5xxAfterWrite">Share of writes stored and then answered <paramref name="ErrorStatusCode"/>.</param>
/// <param name="HangRate">Share held for <paramref name="HangMs"/> before processing.</param>
/// <param name="HangAfterWriteRate">Share of writes stored and then held for <paramref name="HangMs"/>.</param>
/// <param name="SlowRate">Share delayed by <paramref name="SlowMs"/>.</param>
public sealed record FaultSettings(int Seed, double Rate429, double Rate5xx, double Rate5xxAfterWrite, double HangRate, double HangAfterWriteRate,
    double SlowRate, int HangMs, int SlowMs, int ErrorStatusCode)
{
    public static FaultSettings None { get; } = new(0, 0, 0, 0, 0, 0, 0, 5_000, 500, 503);

    public bool Active => Rate429 + Rate5xx + Rate5xxAfterWrite + HangRate + HangAfterWriteRate + SlowRate > 0;

    public string? Problem()
    {
        double[] rates = [Rate429, Rate5xx, Rate5xxAfterWrite, HangRate, HangAfterWriteRate, SlowRate];
        if (rates.Any(r => r is < 0 or > 1) || rates.Sum() > 1)
        {
            return "Every rate must be 0-1 and together at most 1.";
        }

        return HangMs is < 0 or > 60_000 || SlowMs is < 0 or > 60_000 ? "hangMs and slowMs must be 0-60000."
            : ErrorStatusCode is < 500 or > 599 ? "errorStatusCode must be 500-599."
            : null;
    }
}
