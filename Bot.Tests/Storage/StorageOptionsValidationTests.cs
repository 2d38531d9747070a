using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bot.Tests.Storage;

public sealed class StorageOptionsValidationTests
{
    [Fact]
    public void Defaults_point_at_the_development_storage_account()
    {
        var options = Resolve([]);

        Assert.Equal("UseDevelopmentStorage=true", options.ConnectionString);
        Assert.Equal("", options.TablePrefix);
        Assert.Equal(2, options.MaxRetries);
    }

    [Theory]
    [InlineData("Storage:ConnectionString", "not a connection string", "Storage:ConnectionString")]
    [InlineData("Storage:ConnectionString", "", "ConnectionString")]
    [InlineData("Storage:TablePrefix", "bad-prefix", "Storage:TablePrefix")]
    [InlineData("Storage:KeyVaultKeyId", "https://vault.example/keys/dp/1", "Storage:KeyVaultKeyId")]
    [InlineData("Storage:NetworkTimeout", "00:00:00", "Storage:NetworkTimeout")]
    [InlineData("Storage:IdempotencyTtl", "-01:00:00", "Storage:IdempotencyTtl")]
    public void A_bad_setting_fails_validation_naming_the_setting(string key, string value, string named)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Resolve(new() { [key] = value }));

        Assert.Contains(named, failure.Message, StringComparison.Ordinal);
    }

    private static StorageOptions Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddLogging().AddBotStorage(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<StorageOptions>>().Value;
    }
}
