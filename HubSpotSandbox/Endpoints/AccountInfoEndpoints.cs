using HubSpotSandbox.Behaviour;

namespace HubSpotSandbox.Endpoints;

/// <summary>GET /account-info/{version}/details (docs/hubspot-api.md, "Account info"); needs the oauth scope.</summary>
public static class AccountInfoEndpoints
{
    public static void MapAccountInfoEndpoints(this IEndpointRouteBuilder app, string version) =>
        app.MapGet($"/account-info/{version}/details", (HttpContext context) =>
        {
            var portal = PortalContext.Of(context).Portal;
            var offset = TimeZoneInfo.TryFindSystemTimeZoneById(portal.TimeZone, out var zone) ? zone.GetUtcOffset(DateTime.UtcNow) : TimeSpan.Zero;
            return Results.Json(new
            {
                portalId = portal.Id,
                accountType = "STANDARD",
                timeZone = portal.TimeZone,
                companyCurrency = portal.Currency,
                additionalCurrencies = Array.Empty<string>(),
                utcOffset = (offset < TimeSpan.Zero ? "-" : "+") + offset.ToString(@"hh\:mm", System.Globalization.CultureInfo.InvariantCulture),
                utcOffsetMilliseconds = (long)offset.TotalMilliseconds,
                uiDomain = portal.UiDomain,
                dataHostingLocation = portal.DataHostingLocation,
            });
        }).Api("account-info", "oauth");
}
