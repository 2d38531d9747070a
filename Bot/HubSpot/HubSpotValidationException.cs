namespace HubSpotTeamsBot.HubSpot;

/// <summary>HubSpot refused the input (400); <see cref="FieldErrors"/> maps property names to HubSpot's message for them.</summary>
public sealed class HubSpotValidationException(string message, IReadOnlyDictionary<string, string> fieldErrors, string? category, string? correlationId)
    : HubSpotException(message, 400, category, correlationId)
{
    public IReadOnlyDictionary<string, string> FieldErrors { get; } = fieldErrors;
}
