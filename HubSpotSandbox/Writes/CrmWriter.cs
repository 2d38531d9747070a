using System.Globalization;
using HubSpotSandbox.Errors;
using HubSpotSandbox.Model;
using HubSpotSandbox.State;
using HubSpotSandbox.Webhooks;

namespace HubSpotSandbox.Writes;

/// <summary>
/// Validated creates and updates: property checks, required properties and deal pipeline/stage rules. Every stored
/// write is reported to the webhook sender (when one is configured), as HubSpot notifies subscribed apps.
/// </summary>
public sealed class CrmWriter(TimeProvider time, WebhookSender? webhooks = null)
{
    private static readonly System.Text.Json.JsonSerializerOptions RelaxedJson =
        new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public WriteOutcome Create(Portal portal, CrmObjectType type, IReadOnlyDictionary<string, string?> input, IReadOnlyList<AssociationRequest> associations,
        ChangeSource? source = null)
    {
        ArgumentNullException.ThrowIfNull(portal);
        ArgumentNullException.ThrowIfNull(type);
        var (values, errors) = PropertyValidator.Validate(portal, type, input);
        foreach (var required in portal.Properties[type.Name].Where(p => p.RequiredOnCreate))
        {
            if (values.GetValueOrDefault(required.Name) is null && !errors.Any(e => e.In == required.Name))
            {
                errors.Add(PropertyValidator.Error(required.Name, "MISSING_REQUIRED_PROPERTY", $"Property \"{required.Name}\" is required."));
            }
        }

        if (type == CrmObjectType.Deals && errors.Count == 0)
        {
            if (values.GetValueOrDefault("pipeline") is null)
            {
                values["pipeline"] = "default";
            }

            ApplyDealRules(portal, values, current: null, errors);
        }

        if (errors.Count > 0)
        {
            return WriteOutcome.Invalid(errors);
        }

        var stored = values.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!, StringComparer.Ordinal);
        var outcome = WriteOutcome.From(portal.Store.Create(type, stored, associations, time.GetUtcNow()));
        if (outcome.Record is { } created) webhooks?.Created(portal, created, source);
        return outcome;
    }

    public WriteOutcome Update(Portal portal, CrmObjectType type, long id, IReadOnlyDictionary<string, string?> input, ChangeSource? source = null)
    {
        ArgumentNullException.ThrowIfNull(portal);
        ArgumentNullException.ThrowIfNull(type);
        var current = portal.Store.Get(type, id);
        if (current is null)
        {
            return WriteOutcome.From(StoreResult.Fail(StoreFailure.NotFound));
        }

        var (values, errors) = PropertyValidator.Validate(portal, type, input);
        foreach (var required in portal.Properties[type.Name].Where(p => p.RequiredOnCreate))
        {
            if (values.TryGetValue(required.Name, out var value) && value is null)
            {
                errors.Add(PropertyValidator.Error(required.Name, "MISSING_REQUIRED_PROPERTY", $"Property \"{required.Name}\" is required and cannot be cleared."));
            }
        }

        if (type == CrmObjectType.Deals && errors.Count == 0 && (values.ContainsKey("pipeline") || values.ContainsKey("dealstage")))
        {
            ApplyDealRules(portal, values, current, errors);
        }

        if (errors.Count > 0) return WriteOutcome.Invalid(errors);
        var outcome = WriteOutcome.From(portal.Store.Update(type, id, values, time.GetUtcNow()));
        if (outcome.Record is { } updated) webhooks?.Changed(portal, current, updated, source);
        return outcome;
    }

    /// <summary>Archives (HubSpot's delete) and reports the deletion; false when there was no live record.</summary>
    public bool Archive(Portal portal, CrmObjectType type, long id, ChangeSource? source = null)
    {
        ArgumentNullException.ThrowIfNull(portal);
        var current = portal.Store.Get(type, id);
        if (current is null || current.Archived || !portal.Store.Archive(type, id, time.GetUtcNow())) return false;
        webhooks?.Deleted(portal, current, source);
        return true;
    }

    /// <summary>The stage must belong to the (new or current) pipeline; closed state and probability follow the stage.</summary>
    private static void ApplyDealRules(Portal portal, Dictionary<string, string?> values, CrmRecord? current, List<HubSpotErrorDetail> errors)
    {
        var pipelineId = values.TryGetValue("pipeline", out var p) ? p ?? "default" : current?.Get("pipeline") ?? "default";
        values["pipeline"] = pipelineId;
        var pipeline = portal.Pipeline(pipelineId);
        if (pipeline is null)
        {
            errors.Add(PropertyValidator.Error("pipeline", "INVALID_OPTION", $"{pipelineId} is not a valid pipeline id."));
            return;
        }

        var stageId = values.TryGetValue("dealstage", out var s) ? s : current?.Get("dealstage");
        var stage = pipeline.Stages.FirstOrDefault(x => x.Id == stageId && !x.Archived);
        if (stage is null)
        {
            var allowed = string.Join(", ", pipeline.Stages.Where(x => !x.Archived).Select(x => x.Id));
            errors.Add(PropertyValidator.Error("dealstage", "INVALID_OPTION",
                $"{stageId} is not a valid deal stage of pipeline {pipeline.Id} ({pipeline.Label}); allowed stages: [{allowed}]"));
            return;
        }

        values["dealstage"] = stage.Id;
        values["hs_is_closed"] = stage.Metadata.GetValueOrDefault("isClosed", "false");
        values["hs_deal_stage_probability"] = stage.Metadata.GetValueOrDefault("probability", "0");
    }

    /// <summary>HubSpot's legacy summary line, kept because many clients parse it.</summary>
    public static string ValidationMessage(IReadOnlyList<HubSpotErrorDetail> errors)
    {
        var items = errors.Select(e => string.Create(CultureInfo.InvariantCulture,
            $"{{\"isValid\":false,\"message\":{System.Text.Json.JsonSerializer.Serialize(e.Message, RelaxedJson)},\"error\":\"{e.Code}\",\"name\":\"{e.In}\"}}"));
        return $"Property values were not valid: [{string.Join(",", items)}]";
    }
}
