using System.Text.Json.Serialization;

namespace HubSpotTeamsBot.Features.MessageExtension;

/// <summary>What Log to HubSpot created, kept as the idempotency result so a repeat answers the same.</summary>
public sealed record Logged(string Kind, string EngagementId, string RecordType, string RecordId, string RecordTitle, string RecordUrl)
{
    /// <summary>How many characters of the message the note does not hold (the user chose to log only a part).</summary>
    public int LeftOut { get; init; }
}

[JsonSerializable(typeof(Logged))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class LoggedJsonContext : JsonSerializerContext;
