using Bot.Tests.Harness;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bot.Tests.Storage;

[Collection(AzuriteCollectionDefinition.Name)]
public sealed class StorageHealthCheckTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Healthy_when_the_table_service_answers()
    {
        var entry = await CheckAsync(azurite.ConnectionString);

        Assert.Equal(HealthStatus.Healthy, entry.Status);
    }

    [Fact]
    public async Task Unhealthy_with_the_safe_message_when_nothing_listens()
    {
        var entry = await CheckAsync($"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKeyOf(azurite)};TableEndpoint=http://127.0.0.1:{LoopbackPort.Free()}/devstoreaccount1;");

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Equal(StorageUnavailableException.SafeMessage, entry.Description);
    }

    [Fact]
    public async Task Unhealthy_naming_the_refusal_when_the_account_key_is_wrong()
    {
        var wrongKey = Convert.ToBase64String(new byte[64]);
        var entry = await CheckAsync(azurite.ConnectionString.Replace(AccountKeyOf(azurite), wrongKey, StringComparison.Ordinal));

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.StartsWith("Table storage refused the request (403", entry.Description, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongKey, entry.Description, StringComparison.Ordinal);
    }

    private static async Task<HealthReportEntry> CheckAsync(string connectionString)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:ConnectionString"] = connectionString })
            .Build();
        await using var services = new ServiceCollection().AddLogging().AddBotStorage(configuration).BuildServiceProvider();
        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        return report.Entries[StorageServiceCollectionExtensions.HealthCheckName];
    }

    private static string AccountKeyOf(AzuriteFixture fixture) =>
        fixture.ConnectionString.Split(';').Single(p => p.StartsWith("AccountKey=", StringComparison.Ordinal))["AccountKey=".Length..];
}
