namespace HubSpotTeamsBot.Identity;

/// <summary>Microsoft Graph could not answer (down, throttled past retries, timed out, or refused the bot's
/// permissions). The message is safe to show to users; it never carries a token. Role checks that need the
/// directory fail closed with this exception instead of guessing.</summary>
public sealed class DirectoryUnavailableException : Exception
{
    public DirectoryUnavailableException()
        : base("The organisation directory (Microsoft Graph) is unavailable right now; try again in a minute.")
    {
    }

    public DirectoryUnavailableException(string message)
        : base(message)
    {
    }

    public DirectoryUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
