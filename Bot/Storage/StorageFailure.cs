using System.Net.Sockets;
using Azure;

namespace HubSpotTeamsBot.Storage;

/// <summary>Maps Azure SDK failures to the two exceptions the rest of the bot handles.</summary>
internal static class StorageFailure
{
    /// <summary>The exception to throw instead of <paramref name="error"/>, or null to let it through.</summary>
    public static Exception? Translate(Exception error, CancellationToken callerToken)
    {
        if (error is StorageConflictException or StorageUnavailableException)
        {
            return null;
        }

        if (error is OperationCanceledException && callerToken.IsCancellationRequested)
        {
            return null;
        }

        if (error is RequestFailedException { Status: 409 or 412 } conflict)
        {
            return new StorageConflictException("The stored record changed since it was read, or it already exists.", conflict);
        }

        return IsOutage(error) ? new StorageUnavailableException(error) : null;
    }

    private static bool IsOutage(Exception error) => error switch
    {
        // Status 0: the request never got an answer (refused, reset, DNS).
        RequestFailedException { Status: 0 } => true,
        // Server busy / internal errors that outlived the client's retries.
        RequestFailedException { Status: >= 500 } => true,
        HttpRequestException or SocketException or TimeoutException or IOException => true,
        // The client's network timeout surfaces as a cancellation the caller did not ask for.
        OperationCanceledException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsOutage),
        _ => error.InnerException is { } inner && IsOutage(inner),
    };
}
