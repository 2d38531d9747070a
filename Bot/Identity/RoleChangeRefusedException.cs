namespace HubSpotTeamsBot.Identity;

/// <summary>A role change that would break an invariant (the last admin); the message is meant for the user.</summary>
public sealed class RoleChangeRefusedException : Exception
{
    public RoleChangeRefusedException()
        : base("That role change is not allowed.")
    {
    }

    public RoleChangeRefusedException(string message)
        : base(message)
    {
    }

    public RoleChangeRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
