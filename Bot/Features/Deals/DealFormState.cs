using System.Text.Json.Nodes;
using HubSpotTeamsBot.Forms;

namespace HubSpotTeamsBot.Features.Deals;

/// <summary>
/// Everything a rendered deal form carries besides its inputs: the submission id (kept on re-show so a double click
/// is one submission), the deal being edited, its version and the values it was opened with (lost-update check).
/// </summary>
public sealed record DealFormState(
    string SubmissionId,
    IReadOnlyDictionary<string, string?> Values,
    string? RecordId = null,
    string? Version = null,
    IReadOnlyDictionary<string, string?>? Original = null,
    string? ContactLabel = null)
{
    public const string OriginalKey = "original";
    public const string ContactLabelKey = "contactLabel";

    public static readonly string[] InputIds =
        [DealFields.Name, DealFields.Stage, DealFields.Amount, DealFields.CloseDate, DealFields.Contact, DealFields.ContactText, DealFields.Owner];

    public bool Editing => RecordId is not null;

    /// <summary>The state a submission came back with; the user's values are kept exactly as typed.</summary>
    /// <param name="custom">The properties an admin added to the form (<see cref="Records.Schema.FormSchema"/>).</param>
    public static DealFormState From(FormSubmission submission, IEnumerable<string>? custom = null) => new(
        submission.SubmissionId ?? FormKeys.NewSubmissionId(),
        submission.Values(InputIds.Concat(custom ?? [])),
        submission.Value(FormKeys.RecordId),
        submission.Value(FormKeys.Version),
        submission.Data[OriginalKey] is JsonObject original
            ? original.ToDictionary(p => p.Key, p => p.Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null, StringComparer.Ordinal)
            : null,
        submission.Value(ContactLabelKey));

    /// <summary>The data the form's buttons send back (inputs are merged in by the client).</summary>
    public JsonObject ButtonData(string? step = null)
    {
        var data = new JsonObject { [FormKeys.SubmissionId] = SubmissionId };
        if (RecordId is not null) data[FormKeys.RecordId] = RecordId;
        if (Version is not null) data[FormKeys.Version] = Version;
        if (ContactLabel is not null) data[ContactLabelKey] = ContactLabel;
        if (Original is not null) data[OriginalKey] = new JsonObject(Original.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value)));
        if (step is not null) data[FormKeys.Step] = step;
        return data;
    }

    public string Value(string id) => Values.TryGetValue(id, out var v) ? v ?? string.Empty : string.Empty;
}
