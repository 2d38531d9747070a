using System.Text.Json.Nodes;

namespace HubSpotTeamsBot.Forms;

/// <summary>
/// What a form button sent: the card's data merged with the inputs, whichever host it came from. Input values
/// always arrive as strings keyed by input id (docs/teams-protocol.md, "Inputs").
/// </summary>
public sealed class FormSubmission(string verb, FormHost host, JsonObject data)
{
    public string Verb { get; } = verb;

    public FormHost Host { get; } = host;

    public JsonObject Data { get; } = data;

    /// <summary>The id the form was rendered with; repeats of the same id are the same submission.</summary>
    /// <summary>The form's one-time id, when it looks like one we issued (letters, digits, '-' and '_', at most 64): it
    /// becomes part of a storage key, so anything else is treated as missing (found by fuzzing as a storage 400).</summary>
    public string? SubmissionId => Value(FormKeys.SubmissionId) is { Length: <= 64 } id && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? id : null;

    /// <summary>The button's sub-action (e.g. <c>reload</c>, <c>overwrite</c>), or null for the main button.</summary>
    public string? Step => Value(FormKeys.Step);

    /// <summary>The trimmed value for a key, or null when absent or blank.</summary>
    public string? Value(string key) =>
        Data[key] is JsonValue v && (v.TryGetValue<string>(out var s) ? s : v.ToJsonString()) is { } text && !string.IsNullOrWhiteSpace(text)
            ? text.Trim()
            : null;

    /// <summary>The values of the given inputs ("" for blank ones), ready to diff or send to HubSpot.</summary>
    public Dictionary<string, string?> Values(IEnumerable<string> keys) =>
        keys.ToDictionary(k => k, k => (string?)(Value(k) ?? string.Empty), StringComparer.Ordinal);
}
