namespace HubSpotTeamsBot.Storage;

/// <summary>The write lost an ETag race (someone changed the row since it was read) or inserted a row that exists.</summary>
public sealed class StorageConflictException : Exception
{
    public StorageConflictException()
        : this("The stored record changed since it was read, or it already exists.")
    {
    }

    public StorageConflictException(string message)
        : base(message)
    {
    }

    public StorageConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
