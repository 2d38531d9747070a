using Bot.Tests.Harness;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bot.Tests.Storage;

/// <summary>The storage registrations exactly as the bot makes them, pointed at the test Azurite.</summary>
internal static class StorageServices
{
    public static ServiceProvider Build(
        AzuriteFixture azurite,
        string? tablePrefix = null,
        TimeProvider? time = null,
        ILoggerProvider? logs = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:TablePrefix"] = tablePrefix ?? "",
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Trace);
            if (logs is not null)
            {
                logging.AddProvider(logs);
            }
        });
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddBotStorage(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public static string NewTenantId() => Guid.NewGuid().ToString();

    /// <summary>A table prefix no other test uses, for tests that inspect whole tables.</summary>
    public static string NewTablePrefix() => "t" + Guid.NewGuid().ToString("N")[..12];
}
