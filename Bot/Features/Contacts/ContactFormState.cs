using System.Text.Json.Nodes;

namespace HubSpotTeamsBot.Features.Contacts;

/// <summary>
/// Everything a rendered contact form carries: its submission id, the values shown and, when editing, the record,
/// the version it was opened at and the values it had then (to tell what changed in HubSpot meanwhile).
/// </summary>
public sealed record ContactFormState(
    string SubmissionId,
    IReadOnlyDictionary<string, string?> Values,
    string? RecordId = null,
    string? Version = null,
    IReadOnlyDictionary<string, string?>? Original = null)
{
    public const string OriginalKey = "original";

    public bool IsEdit => RecordId is not null;

    public static IReadOnlyDictionary<string, string?> ReadOriginal(JsonObject data, IEnumerable<string>? fields = null) =>
        data[OriginalKey] is JsonObject original
            ? (fields ?? ContactFields.All).ToDictionary(f => f, f => original[f]?.GetValue<string>(), StringComparer.Ordinal)
            : new Dictionary<string, string?>();

    public JsonObject ButtonData()
    {
        var data = new JsonObject { [Forms.FormKeys.SubmissionId] = SubmissionId };
        if (RecordId is not null) data[Forms.FormKeys.RecordId] = RecordId;
        if (Version is not null) data[Forms.FormKeys.Version] = Version;
        if (Original is not null)
            data[OriginalKey] = new JsonObject(Original.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value)));
        return data;
    }
}
