using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using HubSpotTeamsBot.BotFramework.Schema;

namespace HubSpotTeamsBot.BotFramework.Invokes;

/// <summary>
/// Reads an activity's <c>value</c> into the typed payload of its invoke name (or card submit), refusing a shape Teams
/// never sends — a value that is not an object, a field of the wrong type, a required field missing — with a sentence
/// naming the field (never its content). Read once per activity.
/// </summary>
public static class InvokePayloads
{
    public static InvokePayload Read(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (activity.Payload is { } cached && ReferenceEquals(cached.Source, activity.Value)) return cached;
        var payload = Parse(activity) with { Source = activity.Value };
        activity.Payload = payload;
        return payload;
    }

    private static InvokePayload Parse(Activity activity)
    {
        if (activity.IsCardSubmit()) return CardSubmit((JsonObject)activity.Value!);
        if (!activity.IsInvoke()) return InvokePayload.None;
        var name = activity.Name;
        var value = activity.Value;
        return name switch
        {
            InvokeNames.ComposeQuery => Typed(name, value, InvokePayloadJson.Default.ComposeQueryValue, ComposeQuery),
            InvokeNames.ComposeQueryLink => Typed(name, value, InvokePayloadJson.Default.ComposeQueryLinkValue,
                // An empty link is still a paste (it just gets no preview); only a value without the field is malformed.
                v => v.Url is null ? Missing("url") : null),
            InvokeNames.ComposeFetchTask or InvokeNames.ComposeSubmitAction => Typed(name, value, InvokePayloadJson.Default.ComposeActionValue,
                v => string.IsNullOrWhiteSpace(v.CommandId) ? Missing("commandId") : null),
            InvokeNames.ComposeSelectItem => value is JsonObject item ? InvokePayload.Of(new ComposeSelectItemValue(item)) : NotAnObject(name),
            InvokeNames.TaskFetch or InvokeNames.TaskSubmit => Typed(name, value, InvokePayloadJson.Default.TaskModuleValue, TaskModule),
            InvokeNames.AdaptiveCardAction => Typed(name, value, InvokePayloadJson.Default.AdaptiveCardActionValue, CardAction),
            InvokeNames.ApplicationSearch => Typed(name, value, InvokePayloadJson.Default.ApplicationSearchValue, _ => null),
            InvokeNames.SignInVerifyState => Typed(name, value, InvokePayloadJson.Default.SignInVerifyStateValue, _ => null),
            _ => InvokePayload.None,
        };
    }

    private static string? ComposeQuery(ComposeQueryValue value)
    {
        if (string.IsNullOrWhiteSpace(value.CommandId)) return Missing("commandId");
        var blank = value.Parameters?.FindIndex(p => p is null) ?? -1;
        return blank >= 0 ? $"'parameters[{blank}]' must be an object with a name and a value" : null;
    }

    private static string? TaskModule(TaskModuleValue value) =>
        value.Data is null ? "'data' must be an object (the button's data)" : CardData.Verb(value.Data) is null ? VerbProblem(value.Data) : null;

    private static string? CardAction(AdaptiveCardActionValue value) => value.Action switch
    {
        null => Missing("action"),
        { Type: not AdaptiveCardExecuteAction.ExecuteType } => $"'action.type' must be {AdaptiveCardExecuteAction.ExecuteType}",
        _ => null,
    };

    private static InvokePayload CardSubmit(JsonObject data)
    {
        var problem = VerbProblem(data);
        return problem is null ? InvokePayload.Of(new CardSubmitValue(data)) : InvokePayload.Refused($"The card's data is not valid: {problem}.");
    }

    /// <summary>A verb that is there but not text cannot pick a handler; one that is absent is the feature's to answer.</summary>
    private static string? VerbProblem(JsonObject data) =>
        data.TryGetPropertyValue(CardData.VerbField, out var verb) && verb is not null && verb.GetValueKind() != JsonValueKind.String
            ? $"'{CardData.VerbField}' must be a string"
            : null;

    private static InvokePayload Typed<T>(string name, JsonNode? value, JsonTypeInfo<T> type, Func<T, string?> check) where T : class
    {
        if (value is not JsonObject) return NotAnObject(name);
        T? typed;
        try
        {
            typed = value.Deserialize(type);
        }
        catch (JsonException e)
        {
            return Refused(name, $"'{Field(e.Path)}' has the wrong type");
        }
        catch (InvalidOperationException)
        {
            // JsonNode-typed members (data, context) report an array or a number where an object belongs this way.
            return Refused(name, "a field that must be an object is not one");
        }
        if (typed is null) return NotAnObject(name);
        return check(typed) is { } problem ? Refused(name, problem) : InvokePayload.Of(typed);
    }

    private static string Field(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "value" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;

    private static string Missing(string field) => $"'{field}' is missing";

    private static InvokePayload NotAnObject(string name) => Refused(name, "the value must be a JSON object");

    private static InvokePayload Refused(string name, string problem) => InvokePayload.Refused($"The {name} value is not valid: {problem}.");
}
