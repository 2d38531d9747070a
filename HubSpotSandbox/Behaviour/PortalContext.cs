using HubSpotSandbox.State;

namespace HubSpotSandbox.Behaviour;

/// <summary>The portal and access token of an authenticated API call.</summary>
public sealed record PortalContext(Portal Portal, AccessToken Token)
{
    private const string ItemKey = "sandbox.portal";

    public static PortalContext Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items[ItemKey] as PortalContext
            ?? throw new InvalidOperationException("This endpoint is missing ApiCall metadata, so no portal was resolved.");
    }

    public void Attach(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Items[ItemKey] = this;
    }
}
