namespace HubSpotTeamsBot.Storage;

/// <summary>Storage could not be reached. The message is safe to show to users.</summary>
public sealed class StorageUnavailableException : Exception
{
    public const string SafeMessage = "Storage is unavailable right now; try again in a minute.";

    public StorageUnavailableException()
        : base(SafeMessage)
    {
    }

    public StorageUnavailableException(string message)
        : base(message)
    {
    }

    public StorageUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StorageUnavailableException(Exception innerException)
        : base(SafeMessage, innerException)
    {
    }
}
