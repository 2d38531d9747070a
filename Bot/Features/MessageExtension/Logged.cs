using System.Text.Json.Serialization;

namespace HubSpotTeamsBot.Features.MessageExtension;

/// <summary>What Log to HubSpot created, kept as the idempotency result so a repeat answers the same.</summary>
public sealed record Logged(string Kind, string EngagementId, string RecordType, string RecordId, string RecordTitle, string RecordUrl);

[JsonSerializable(typeof(Logged))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class LoggedJsonContext : JsonSerializerContext;
