using Azure;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.Storage;

/// <summary>Asks the table service for one table name: cheap, needs no table to exist, fails fast when storage is down.</summary>
internal sealed class StorageHealthCheck(StorageTables tables, IOptions<StorageOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.HealthCheckTimeout);
        try
        {
            await foreach (var _ in tables.Service.QueryAsync(maxPerPage: 1, cancellationToken: timeout.Token).AsPages(pageSizeHint: 1))
            {
                break;
            }

            return HealthCheckResult.Healthy("Table storage answers.");
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && StorageFailure.Translate(e, CancellationToken.None) is StorageUnavailableException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, StorageUnavailableException.SafeMessage);
        }
        catch (RequestFailedException e)
        {
            // Reachable but refusing (wrong key, missing permission): say so without echoing the request.
            return new HealthCheckResult(context.Registration.FailureStatus, $"Table storage refused the request ({e.Status} {e.ErrorCode}).");
        }
    }
}
