namespace HubSpotTeamsBot.HubSpot;

/// <summary>Per-request facts the handlers below the client need: whose limiter to use and whether a retry is safe.</summary>
internal static class HubSpotRequestOptions
{
    public static readonly HttpRequestOptionsKey<long> PortalId = new("HubSpot.PortalId");
    public static readonly HttpRequestOptionsKey<bool> IsSearch = new("HubSpot.IsSearch");
    public static readonly HttpRequestOptionsKey<bool> RetrySafe = new("HubSpot.RetrySafe");

    /// <summary>GET/PATCH/PUT/DELETE repeat harmlessly; POSTs only when marked (search, introspect).</summary>
    public static bool IsRetrySafe(HttpRequestMessage? request)
    {
        if (request is null)
        {
            return false;
        }

        if (request.Options.TryGetValue(RetrySafe, out var marked))
        {
            return marked;
        }

        return request.Method != HttpMethod.Post;
    }
}
