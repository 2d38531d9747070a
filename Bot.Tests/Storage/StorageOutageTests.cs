using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bot.Tests.Harness;
using HubSpotTeamsBot.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Storage;

/// <summary>Takes Azurite away under the running bot and brings it back.</summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class StorageOutageTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Healthz_shows_the_storage_outage_and_recovers_when_storage_returns()
    {
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Storage:ConnectionString", azurite.ConnectionString);
            builder.UseSetting("Storage:TablePrefix", StorageServices.NewTablePrefix());
        });
        factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        var links = factory.Services.GetRequiredService<PortalLinkStore>();
        var conversations = factory.Services.GetRequiredService<ConversationReferenceStore>();
        var tenant = StorageServices.NewTenantId();

        var healthy = await GetHealthAsync(http);
        Assert.Equal(HttpStatusCode.OK, healthy.Status);
        Assert.Equal("Healthy", healthy.StorageStatus);
        await links.SaveAsync(PortalLinks.New(tenant));
        await conversations.SaveAsync(ConversationReferenceStoreTests.Personal(tenant, "aad-1", "a:1"));

        try
        {
            await azurite.StopAsync();

            var down = await GetHealthAsync(http);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.Status);
            Assert.Equal("Unhealthy", down.StorageStatus);
            Assert.Equal(StorageUnavailableException.SafeMessage, down.StorageDescription);

            // Writes fail promptly with a message fit for users, and nothing is half-written.
            var failed = await Assert.ThrowsAsync<StorageUnavailableException>(() => links.SaveAsync(PortalLinks.New(StorageServices.NewTenantId())));
            Assert.Equal(StorageUnavailableException.SafeMessage, failed.Message);
            await Assert.ThrowsAsync<StorageUnavailableException>(() => links.GetAsync(tenant));
        }
        finally
        {
            await azurite.StartAsync();
        }

        var recovered = await GetHealthAsync(http);
        Assert.Equal(HttpStatusCode.OK, recovered.Status);
        Assert.Equal("Healthy", recovered.StorageStatus);

        // The emulator kept nothing in memory; the table comes back on first use and takes whole records again.
        var again = await links.SaveAsync(PortalLinks.New(tenant, "after-restart-access", "after-restart-refresh"));
        var read = await links.GetAsync(tenant);
        Assert.Equal(again.ETag, read!.ETag);
        Assert.Equal("after-restart-access", read.AccessToken);
        Assert.Equal("after-restart-refresh", read.RefreshToken);
        Assert.Equal(PortalLinkState.Linked, read.State);
        await conversations.SaveAsync(ConversationReferenceStoreTests.Personal(tenant, "aad-1", "a:1") with { UserName = "after restart" });
        Assert.Equal("after restart", (await conversations.GetForUserAsync(tenant, "aad-1"))!.UserName);
    }

    private static async Task<(HttpStatusCode Status, string? StorageStatus, string? StorageDescription)> GetHealthAsync(HttpClient http)
    {
        using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var storage = body.GetProperty("checks").EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == StorageServiceCollectionExtensions.HealthCheckName);
        Assert.Equal(body.GetProperty("status").GetString(), response.StatusCode == HttpStatusCode.OK ? "Healthy" : "Unhealthy");
        return (response.StatusCode, storage.GetProperty("status").GetString(), storage.GetProperty("description").GetString());
    }
}
