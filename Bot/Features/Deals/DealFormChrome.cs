using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Records;

namespace HubSpotTeamsBot.Features.Deals;

/// <summary>
/// What a deal form shows around the user's values: the stage list, the currency and the owners to pick from. Loaded before a submission runs,
/// so a re-shown form never needs HubSpot; when HubSpot is busy the user's own stage choice is kept as the one option.
/// </summary>
public sealed record DealFormChrome(IReadOnlyList<StageChoice>? Stages, string? Currency, OwnerChoices? Owners = null)
{
    /// <summary>This chrome with the portal's owners (the acting user first), for the create and update forms.</summary>
    public async Task<DealFormChrome> WithOwnersAsync(OwnerPicker picker, HubSpotOwner? me, string tenantId, CancellationToken ct) =>
        this with { Owners = await picker.LoadAsync(tenantId, me, ct) };

    public IReadOnlyList<StageChoice> StagesKeeping(string? chosen) =>
        Stages is { Count: > 0 } stages ? stages
        : StageChoice.TryParse(chosen, out var pipeline, out var stage) ? [new StageChoice(pipeline, stage, "Your choice (the stage list could not be loaded)")]
        : [];

    public static async Task<DealFormChrome> LoadAsync(DealRecords deals, string tenantId, CancellationToken ct)
    {
        IReadOnlyList<StageChoice>? stages;
        try
        {
            stages = await deals.StagesAsync(tenantId, ct);
        }
        catch (HubSpotException e) when (e is HubSpotRateLimitedException or HubSpotUnavailableException)
        {
            stages = null;
        }
        return new DealFormChrome(stages, await deals.CurrencyAsync(tenantId, ct));
    }
}
