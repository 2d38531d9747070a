using System.Globalization;
using System.Text.Json;
using HubSpotSandbox.Behaviour;
using HubSpotSandbox.Errors;
using HubSpotSandbox.Json;
using HubSpotSandbox.Model;
using HubSpotSandbox.State;
using HubSpotSandbox.Writes;

namespace HubSpotSandbox.Endpoints;

/// <summary>
/// POST /crm/objects/{version}/{type}/batch/{read|create|update|upsert}, up to 100 inputs. Writes stop at the first
/// refused input and answer with its error (HubSpot without objectWriteTraceId refuses the batch the same way).
/// </summary>
public static class BatchEndpoints
{
    public const int MaxInputs = 100;
    private const string PropertiesKey = "sandbox.batch.properties";

    public static void MapBatchEndpoints(this IEndpointRouteBuilder app, string version)
    {
        var group = app.MapGroup($"/crm/objects/{version}/{{objectType}}/batch");
        group.MapPost("/read", Read).Api("crm.batch.read", CrmHelpers.ReadScopes);
        group.MapPost("/create", (HttpContext c, string objectType, CrmWriter w, TimeProvider t) => Write(c, objectType, w, t, "create"))
            .Api("crm.batch.create", CrmHelpers.WriteScopes);
        group.MapPost("/update", (HttpContext c, string objectType, CrmWriter w, TimeProvider t) => Write(c, objectType, w, t, "update"))
            .Api("crm.batch.update", CrmHelpers.WriteScopes);
        group.MapPost("/upsert", (HttpContext c, string objectType, CrmWriter w, TimeProvider t) => Write(c, objectType, w, t, "upsert"))
            .Api("crm.batch.upsert", CrmHelpers.WriteScopes);
    }

    private static async Task<IResult> Read(HttpContext context, string objectType, TimeProvider time)
    {
        var (portal, type, inputs, error) = await Begin(context, objectType);
        if (error is not null)
        {
            return error;
        }

        var started = time.GetUtcNow();
        var properties = (List<string>)context.Items[PropertiesKey]!;
        var results = new List<SimplePublicObject>();
        var missing = new List<string>();
        foreach (var input in inputs!)
        {
            var id = RequestBody.Text(input, "id") ?? "";
            var record = FindInput(portal!, type!, id, RequestBody.Text(input, "idProperty") ?? "");
            if (record is null)
            {
                missing.Add(id);
            }
            else
            {
                results.Add(ObjectShaper.Selected(portal!, record, properties));
            }
        }

        return Completed(results, missing, started, time);
    }

    private static async Task<IResult> Write(HttpContext context, string objectType, CrmWriter writer, TimeProvider time, string mode)
    {
        var (portal, type, inputs, error) = await Begin(context, objectType);
        if (error is not null)
        {
            return error;
        }

        var started = time.GetUtcNow();
        var results = new List<object>();
        foreach (var input in inputs!)
        {
            var (properties, problem) = RequestBody.Properties(input);
            if (problem is not null)
            {
                return HubSpotErrors.Validation(context, problem);
            }

            var id = RequestBody.Text(input, "id") ?? "";
            var idProperty = RequestBody.Text(input, "idProperty") ?? "";
            var existing = mode == "create" ? null : FindInput(portal!, type!, id, idProperty);
            if (mode == "update" && existing is null)
            {
                return HubSpotErrors.NotFound(context, $"Object {id} not found.");
            }

            if (mode == "upsert" && existing is null && idProperty == "email" && !properties.ContainsKey("email"))
            {
                properties["email"] = id;
            }

            var outcome = existing is null ? writer.Create(portal!, type!, properties, []) : writer.Update(portal!, type!, existing.Id, properties);
            if (outcome.Record is null)
            {
                return CrmHelpers.Result(context, outcome, StatusCodes.Status200OK);
            }

            var shaped = ObjectShaper.Full(outcome.Record);
            results.Add(mode == "upsert" ? UpsertResult.From(shaped, isNew: existing is null) : shaped);
        }

        return Results.Json(new
        {
            status = "COMPLETE",
            results,
            startedAt = started,
            completedAt = time.GetUtcNow(),
        }, statusCode: mode == "create" ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    private static async Task<(Portal?, CrmObjectType?, List<JsonElement>?, IResult?)> Begin(HttpContext context, string objectType)
    {
        var portal = PortalContext.Of(context).Portal;
        if (CrmObjectType.Find(objectType) is not { } type)
        {
            return (null, null, null, CrmHelpers.UnknownType(context, objectType));
        }

        var (body, error) = await RequestBody.ReadAsync(context);
        if (error is not null)
        {
            return (null, null, null, error);
        }

        if (!body.TryGetProperty("inputs", out var inputs) || inputs.ValueKind != JsonValueKind.Array)
        {
            return (null, null, null, HubSpotErrors.Validation(context, "The body needs inputs[]."));
        }

        if (inputs.GetArrayLength() > MaxInputs)
        {
            return (null, null, null, HubSpotErrors.Validation(context, $"Batch of {inputs.GetArrayLength()} inputs exceeds the limit of {MaxInputs}."));
        }

        // batch/read carries properties and idProperty at the top level; keep them on each input for FindInput.
        var topIdProperty = RequestBody.Text(body, "idProperty");
        var list = inputs.EnumerateArray().Select(i => topIdProperty is null ? i : WithIdProperty(i, topIdProperty)).ToList();
        context.Items[PropertiesKey] = body.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Array
            ? p.EnumerateArray().Select(x => x.GetString() ?? "").ToList()
            : new List<string>();
        return (portal, type, list, null);
    }

    private static JsonElement WithIdProperty(JsonElement input, string idProperty)
    {
        var id = RequestBody.Text(input, "id") ?? "";
        return JsonSerializer.SerializeToElement(new { id, idProperty });
    }

    private static CrmRecord? FindInput(Portal portal, CrmObjectType type, string id, string idProperty)
    {
        if (idProperty == "email")
        {
            return type == CrmObjectType.Contacts ? portal.Store.FindByEmail(id) : null;
        }

        return long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var numeric) ? portal.Store.Get(type, numeric) : null;
    }

    private static IResult Completed(List<SimplePublicObject> results, List<string> missing, DateTimeOffset started, TimeProvider time) =>
        Results.Json(new
        {
            status = "COMPLETE",
            results,
            numErrors = missing.Count > 0 ? missing.Count : (int?)null,
            errors = missing.Count > 0
                ? new[]
                {
                    new
                    {
                        status = "error",
                        category = "OBJECT_NOT_FOUND",
                        message = "Could not get some objects, they may be deleted or not exist.",
                        context = new Dictionary<string, IReadOnlyList<string>> { ["ids"] = missing },
                    },
                }
                : null,
            startedAt = started,
            completedAt = time.GetUtcNow(),
        }, statusCode: missing.Count > 0 ? StatusCodes.Status207MultiStatus : StatusCodes.Status200OK);

    /// <summary>An upsert result: the object plus whether it was created.</summary>
    private sealed record UpsertResult(string Id, IReadOnlyDictionary<string, string?> Properties, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, bool Archived, bool New)
    {
        public static UpsertResult From(SimplePublicObject o, bool isNew) => new(o.Id, o.Properties, o.CreatedAt, o.UpdatedAt, o.Archived, isNew);
    }
}
