using Azure.Data.Tables;

namespace HubSpotTeamsBot.Storage;

/// <summary>
/// What a queue consumer keeps of a message it gave up on after too many attempts: a row in its poison table (the
/// attempts, the last error and what an operator needs to look at it) and a Failed audit entry for each tenant the
/// message concerned. Shared by the activity queue (PoisonActivities) and the webhook queue (PoisonWebhooks); each
/// says in <see cref="PoisonedMessage"/> what its row holds and how its audit entry reads.
/// </summary>
public sealed class PoisonLog
{
    private readonly StorageTables _tables;
    private readonly AuditLog _audit;

    internal PoisonLog(StorageTables tables, AuditLog audit)
    {
        _tables = tables;
        _audit = audit;
    }

    public async Task RecordAsync(PoisonedMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        var now = DateTimeOffset.UtcNow;
        var row = new TableEntity(TableKey.Escape(message.PartitionKey), TableKey.Escape(message.MessageId))
        {
            ["DequeueCount"] = message.DequeueCount,
            ["Error"] = Fit(message.Error),
            ["At"] = now,
        };
        foreach (var (column, value) in message.Columns) row[column] = value;
        await _tables.RunAsync(message.Table, table => table.UpsertEntityAsync(row, TableUpdateMode.Replace, ct), ct);

        foreach (var tenant in message.Tenants.DefaultIfEmpty("unknown"))
        {
            await _audit.AppendAsync(new AuditEntry
            {
                TenantId = tenant,
                At = now,
                ActorAadObjectId = message.ActorId,
                ActorName = message.ActorName,
                Action = message.AuditAction,
                Outcome = "Failed",
                CorrelationId = message.CorrelationId,
                Detail = $"gave up{(message.What is null ? "" : " on " + message.What)} after {message.DequeueCount} attempts: {Fit(message.Error, 200)}",
            }, ct);
        }
    }

    /// <summary>Table string columns hold 32K characters, an audit line and a log line far less: an operator's copy
    /// of an error or a message is cut to <paramref name="max"/> (never what a user typed into HubSpot).</summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(value))]
    public static string? Fit(string? value, int max = 4000) => value is null || value.Length <= max ? value : value[..max];
}

/// <summary>One message a queue gave up on, as <see cref="PoisonLog"/> records it.</summary>
/// <param name="Table">The poison table (without the storage prefix).</param>
/// <param name="PartitionKey">The row's partition (escaped for the table).</param>
/// <param name="MessageId">The row key: the queue message's id (escaped for the table).</param>
/// <param name="AuditAction">The audit entry's action, e.g. "activity.poisoned".</param>
public sealed record PoisonedMessage(string Table, string PartitionKey, string MessageId, long DequeueCount, string Error, string AuditAction)
{
    /// <summary>The tenants it concerned, one audit entry each ("unknown" when none is known).</summary>
    public IReadOnlyCollection<string> Tenants { get; init; } = [];

    public required string ActorId { get; init; }

    public string? ActorName { get; init; }

    public string? CorrelationId { get; init; }

    /// <summary>What was given up on, for the audit line ("gave up on a webhook batch after …"); null says nothing more.</summary>
    public string? What { get; init; }

    /// <summary>The row's own columns besides DequeueCount, Error and At.</summary>
    public IReadOnlyDictionary<string, object?> Columns { get; init; } = new Dictionary<string, object?>();
}
