namespace HubSpotTeamsBot.Records.Schema;

/// <summary>
/// The properties an admin chose for a form of the tenant's portal, in order. Declared here, where forms read it;
/// stored by the settings feature (Azure Tables).
/// </summary>
public interface IFormLayoutStore
{
    /// <summary>The chosen property names, or null when no admin chose (the form shows its defaults).</summary>
    Task<IReadOnlyList<string>?> GetAsync(string tenantId, FormKind kind, CancellationToken ct = default);

    Task SaveAsync(string tenantId, FormKind kind, IReadOnlyList<string> properties, string changedBy, CancellationToken ct = default);

    /// <summary>Back to the defaults; true when there was a choice to remove.</summary>
    Task<bool> ResetAsync(string tenantId, FormKind kind, CancellationToken ct = default);
}
