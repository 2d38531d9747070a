namespace HubSpotSandbox.Errors;

/// <summary>Gives every request a correlation id and returns it in X-HubSpot-Correlation-Id, as HubSpot does.</summary>
public static class Correlation
{
    public const string HeaderName = "X-HubSpot-Correlation-Id";
    private const string ItemKey = "sandbox.correlationId";

    public static string IdOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items.TryGetValue(ItemKey, out var value) && value is string id)
        {
            return id;
        }

        id = Guid.NewGuid().ToString();
        context.Items[ItemKey] = id;
        return id;
    }

    public static IApplicationBuilder UseCorrelationIds(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var id = IdOf(context);
            context.Response.OnStarting(() =>
            {
                context.Response.Headers[HeaderName] = id;
                return Task.CompletedTask;
            });
            await next(context);
        });
}
