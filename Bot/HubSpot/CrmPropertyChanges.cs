namespace HubSpotTeamsBot.HubSpot;

/// <summary>Builds an update body holding only what the user changed; a cleared field becomes "" (HubSpot clears it).</summary>
public static class CrmPropertyChanges
{
    public static IReadOnlyDictionary<string, string> Between(
        IReadOnlyDictionary<string, string?> original,
        IReadOnlyDictionary<string, string?> edited)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(edited);
        var changes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in edited)
        {
            var before = original.TryGetValue(name, out var previous) ? previous ?? string.Empty : string.Empty;
            var after = value ?? string.Empty;
            if (!string.Equals(before, after, StringComparison.Ordinal))
            {
                changes[name] = after;
            }
        }

        return changes;
    }
}
