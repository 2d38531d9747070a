namespace HubSpotTeamsBot.HubSpot;

/// <summary>HubSpot refused the input (400); <see cref="FieldErrors"/> maps property names to HubSpot's message for them.</summary>
public sealed class HubSpotValidationException(string message, IReadOnlyDictionary<string, string> fieldErrors, string? category, string? correlationId)
    : HubSpotException(message, 400, category, correlationId)
{
    public IReadOnlyDictionary<string, string> FieldErrors { get; } = fieldErrors;

    /// <summary>HubSpot's error code per property, where its answer gave one (e.g. INVALID_OPTION).</summary>
    public IReadOnlyDictionary<string, string> FieldCodes { get; init; } = new Dictionary<string, string>();
}
