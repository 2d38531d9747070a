namespace HubSpotTeamsBot.HubSpot;

/// <summary>
/// Told about every record the bot creates or changes through <see cref="HubSpotCrmClient"/>, so what the bot keeps
/// of HubSpot's answers (search results) learns the bot's own writes at once rather than when a cache expires.
/// </summary>
public interface ICrmWriteObserver
{
    /// <param name="tenantId">The tenant whose portal was written.</param>
    /// <param name="type">The record's type.</param>
    /// <param name="id">The record's id.</param>
    /// <param name="properties">The properties the bot sent (all of them on a create, only the changes on an update).</param>
    /// <param name="created">True for a new record.</param>
    void Written(string tenantId, CrmObjectType type, string id, IReadOnlyDictionary<string, string> properties, bool created);
}
