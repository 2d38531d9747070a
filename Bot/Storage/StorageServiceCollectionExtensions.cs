using Azure.Data.Tables;
using HubSpotTeamsBot.Storage.KeyRing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.Storage;

public static class StorageServiceCollectionExtensions
{
    public const string HealthCheckName = "storage";

    /// <summary>
    /// Binds <see cref="StorageOptions"/> from "Storage", registers the table client, every store, Data Protection
    /// (key ring in the storage account) and the "storage" health check.
    /// </summary>
    public static IServiceCollection AddBotStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton(sp => StorageServiceClients.Tables(sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        services.AddSingleton(sp => StorageServiceClients.Queues(sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        services.AddSingleton(sp => StorageServiceClients.Blobs(sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        services.AddSingleton(sp => new StorageTables(sp.GetRequiredService<TableServiceClient>(), sp.GetRequiredService<IOptions<StorageOptions>>()));
        services.AddSingleton(sp => new PortalTokenProtector(sp.GetRequiredService<IDataProtectionProvider>()));

        services.AddSingleton(sp => new PortalLinkStore(
            sp.GetRequiredService<StorageTables>(), sp.GetRequiredService<PortalTokenProtector>(), RecentReadsOf<PortalLink?>(sp), sp.GetRequiredService<ILogger<PortalLinkStore>>()));
        services.AddSingleton(sp => new RoleAssignmentStore(
            sp.GetRequiredService<StorageTables>(), RecentReadsOf<IReadOnlyList<RoleAssignment>>(sp), sp.GetRequiredService<ILogger<RoleAssignmentStore>>()));
        services.AddSingleton(sp => new ConversationReferenceStore(
            sp.GetRequiredService<StorageTables>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new AuditLog(sp.GetRequiredService<StorageTables>()));
        services.AddSingleton(sp => new PoisonLog(sp.GetRequiredService<StorageTables>(), sp.GetRequiredService<AuditLog>()));
        services.AddSingleton(sp => new IdempotencyStore(
            sp.GetRequiredService<StorageTables>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<StorageOptions>>()));
        services.AddSingleton(sp => new PendingSignInStore(
            sp.GetRequiredService<StorageTables>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<PendingSignInStore>>()));

        services.AddDataProtection().SetApplicationName("HubSpotTeamsBot");
        services.AddSingleton(sp => new TableXmlRepository(sp.GetRequiredService<StorageTables>()));
        services.AddOptions<KeyManagementOptions>()
            .Configure<TableXmlRepository>((keys, repository) => keys.XmlRepository = repository);
        services.AddKeyRingEncryption(configuration);

        services.AddSingleton(sp => new StorageHealthCheck(sp.GetRequiredService<StorageTables>(), sp.GetRequiredService<IOptions<StorageOptions>>()));
        services.AddHealthChecks().AddCheck<StorageHealthCheck>(HealthCheckName);
        return services;
    }

    private static RecentReads<T> RecentReadsOf<T>(IServiceProvider sp) =>
        new(sp.GetRequiredService<IOptions<StorageOptions>>().Value.RecentReadTtl, sp.GetRequiredService<TimeProvider>());
}
