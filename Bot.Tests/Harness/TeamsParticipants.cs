namespace Bot.Tests.Harness;

/// <summary>A Teams user as activities carry them (<c>29:</c> id, Entra object id, tenant).</summary>
public sealed record TeamsUser(string Name, string AadObjectId, string TenantId)
{
    public string Id => $"29:{AadObjectId}";

    /// <summary>Microsoft's demo-tenant style (Megan Bowen → meganb@contoso.com), which the sandbox's owners use too.</summary>
    public string Email
    {
        get
        {
            var parts = Name.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return $"{parts[0]}{(parts.Length > 1 ? parts[^1][..1] : string.Empty)}@contoso.com";
        }
    }

    public static TeamsUser New(string name, string tenantId = ChannelSimulator.BotTenantId) => new(name, Guid.NewGuid().ToString(), tenantId);
}

public enum ConversationKind { Personal, GroupChat, Channel }

/// <summary>A conversation as Teams identifies it; ids are shaped like real ones (docs/teams-protocol.md, "Fields the bot reads").</summary>
public sealed record TeamsConversation(string Id, ConversationKind Kind, string TenantId, string? TeamId = null, string? ChannelId = null)
{
    public static TeamsConversation Personal(TeamsUser user) => new($"a:personal-{Guid.NewGuid():N}", ConversationKind.Personal, user.TenantId);

    public static TeamsConversation GroupChat(string tenantId) => new($"19:group-{Guid.NewGuid():N}@thread.v2", ConversationKind.GroupChat, tenantId);

    public static TeamsConversation Channel(string tenantId)
    {
        var channel = $"19:channel-{Guid.NewGuid():N}@thread.skype";
        return new(channel, ConversationKind.Channel, tenantId, TeamId: $"19:team-{Guid.NewGuid():N}@thread.skype", ChannelId: channel);
    }

    public string Type => Kind switch
    {
        ConversationKind.Personal => "personal",
        ConversationKind.GroupChat => "groupChat",
        _ => "channel",
    };
}
