using System.Xml.Linq;
using Azure.Data.Tables;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace HubSpotTeamsBot.Storage;

/// <summary>
/// Keeps the Data Protection key ring in the storage account, one row per key element, so every bot instance
/// decrypts what any other encrypted. The key ring belongs to the app, not to a tenant: its single partition is
/// the one exception to "partition keys start with the tenant id".
/// </summary>
internal sealed class TableXmlRepository(StorageTables tables) : IXmlRepository
{
    private const string Partition = "dataprotection-keyring";

    // A text filter, not a LINQ expression: the key ring is read before the app answers its first request, and the
    // SDK translates an expression filter by walking and compiling the expression tree on that path.
    public IReadOnlyCollection<XElement> GetAllElements() =>
        tables.Run(TableNames.DataProtectionKeys, table =>
            table.Query<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"))
                .Select(entity => XElement.Parse(entity.GetString("Xml") ?? "<empty/>"))
                .ToList());

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        var entity = new TableEntity(Partition, Guid.NewGuid().ToString("N"))
        {
            ["FriendlyName"] = friendlyName,
            ["Xml"] = element.ToString(SaveOptions.DisableFormatting),
        };
        tables.Run(TableNames.DataProtectionKeys, table => table.AddEntity(entity));
    }
}
