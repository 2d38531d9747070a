using System.Globalization;
using HubSpotSandbox.Errors;
using HubSpotSandbox.Json;
using HubSpotSandbox.Model;
using HubSpotSandbox.State;
using HubSpotSandbox.Writes;

namespace HubSpotSandbox.Endpoints;

/// <summary>Shared bits of the CRM endpoints: object type resolution, scope lookups and outcome mapping.</summary>
internal static class CrmHelpers
{
    public static CrmObjectType? TypeOf(HttpContext context, string routeKey = "objectType") =>
        CrmObjectType.Find(context.GetRouteValue(routeKey) as string);

    public static IReadOnlyList<IReadOnlyList<string>> ReadScopes(HttpContext context) =>
        TypeOf(context) is { } type ? [[type.ReadScope]] : [];

    public static IReadOnlyList<IReadOnlyList<string>> WriteScopes(HttpContext context) =>
        TypeOf(context) is { } type ? [[type.WriteScope]] : [];

    /// <summary>Both objects of an association need their scope (read or write).</summary>
    public static IReadOnlyList<IReadOnlyList<string>> AssociationScopes(HttpContext context, bool write)
    {
        var groups = new List<IReadOnlyList<string>>();
        foreach (var type in new[] { TypeOf(context), TypeOf(context, "toObjectType") }.OfType<CrmObjectType>().Distinct())
        {
            groups.Add([write ? type.WriteScope : type.ReadScope]);
        }

        return groups;
    }

    public static IResult UnknownType(HttpContext context, string? name) =>
        HubSpotErrors.Validation(context, $"Unable to infer object type from: {name}");

    /// <summary>Finds a record by id, or by email with idProperty=email (contacts).</summary>
    public static (CrmRecord? Record, IResult? Error) Find(HttpContext context, Portal portal, CrmObjectType type, string id)
    {
        var idProperty = context.Request.Query["idProperty"].ToString();
        if (idProperty is "email")
        {
            if (type != CrmObjectType.Contacts)
            {
                return (null, HubSpotErrors.Validation(context, $"idProperty email is not a unique property of {type.Name}."));
            }

            var byEmail = portal.Store.FindByEmail(id);
            return byEmail is null ? (null, HubSpotErrors.NotFound(context)) : (byEmail, null);
        }

        if (idProperty is not ("" or "hs_object_id"))
        {
            return (null, HubSpotErrors.Validation(context, $"Property \"{idProperty}\" is not a unique identifier property of {type.Name}."));
        }

        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var numeric))
        {
            return (null, HubSpotErrors.NotFound(context, "Object not found.  objectId are usually numeric."));
        }

        var record = portal.Store.Get(type, numeric);
        return record is null ? (null, HubSpotErrors.NotFound(context)) : (record, null);
    }

    public static IResult Result(HttpContext context, WriteOutcome outcome, int successStatus)
    {
        if (outcome.Record is not null)
        {
            return Results.Json(ObjectShaper.Full(outcome.Record), statusCode: successStatus);
        }

        if (outcome.Errors.Count > 0)
        {
            return HubSpotErrors.Validation(context, CrmWriter.ValidationMessage(outcome.Errors), outcome.Errors);
        }

        var refusal = outcome.Refusal!;
        return refusal.Failure switch
        {
            StoreFailure.DuplicateEmail => HubSpotErrors.Conflict(context,
                string.Create(CultureInfo.InvariantCulture, $"Contact already exists. Existing ID: {refusal.ConflictingId}")),
            StoreFailure.AssociationTargetMissing => HubSpotErrors.Validation(context, $"Association target {refusal.Detail} does not exist.",
                [new HubSpotErrorDetail { Message = $"Association target {refusal.Detail} does not exist.", Code = "INVALID_ASSOCIATION", In = "associations" }]),
            _ => HubSpotErrors.NotFound(context),
        };
    }
}
