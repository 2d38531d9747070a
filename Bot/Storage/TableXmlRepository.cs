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

    public IReadOnlyCollection<XElement> GetAllElements() =>
        tables.Run(TableNames.DataProtectionKeys, table =>
            table.Query<TableEntity>(e => e.PartitionKey == Partition)
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
