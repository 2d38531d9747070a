using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.Storage;

/// <summary>
/// Hands the stores their tables: creates each table the first time it is used, creates it again if storage
/// lost it (an emulator restart, a manual delete), and turns SDK failures into
/// <see cref="StorageConflictException"/> / <see cref="StorageUnavailableException"/>.
/// </summary>
internal sealed class StorageTables(TableServiceClient service, IOptions<StorageOptions> options)
{
    private const string TableNotFound = "TableNotFound";
    private readonly ConcurrentDictionary<string, bool> _created = new(StringComparer.Ordinal);
    private readonly string _prefix = options.Value.TablePrefix;

    public TableServiceClient Service => service;

    public string FullName(string table) => _prefix + table;

    public async Task<T> RunAsync<T>(string table, Func<TableClient, Task<T>> operation, CancellationToken ct)
    {
        var client = service.GetTableClient(FullName(table));
        try
        {
            await EnsureCreatedAsync(table, client, ct);
            try
            {
                return await operation(client);
            }
            catch (RequestFailedException e) when (e.ErrorCode == TableNotFound)
            {
                _created.TryRemove(table, out _);
                await EnsureCreatedAsync(table, client, ct);
                return await operation(client);
            }
        }
        catch (Exception e) when (StorageFailure.Translate(e, ct) is { } translated)
        {
            throw translated;
        }
    }

    public async Task RunAsync(string table, Func<TableClient, Task> operation, CancellationToken ct) =>
        await RunAsync(table, async client =>
        {
            await operation(client);
            return true;
        }, ct);

    /// <summary>Synchronous form for the Data Protection key repository, whose interface is synchronous.</summary>
    public T Run<T>(string table, Func<TableClient, T> operation)
    {
        var client = service.GetTableClient(FullName(table));
        try
        {
            EnsureCreated(table, client);
            try
            {
                return operation(client);
            }
            catch (RequestFailedException e) when (e.ErrorCode == TableNotFound)
            {
                _created.TryRemove(table, out _);
                EnsureCreated(table, client);
                return operation(client);
            }
        }
        catch (Exception e) when (StorageFailure.Translate(e, CancellationToken.None) is { } translated)
        {
            throw translated;
        }
    }

    private async Task EnsureCreatedAsync(string table, TableClient client, CancellationToken ct)
    {
        if (_created.ContainsKey(table))
        {
            return;
        }

        await client.CreateIfNotExistsAsync(ct);
        _created[table] = true;
    }

    private void EnsureCreated(string table, TableClient client)
    {
        if (_created.ContainsKey(table))
        {
            return;
        }

        client.CreateIfNotExists();
        _created[table] = true;
    }
}
